export type FluxDevInput = {
  /**
   * The speed of the generation. The higher the speed, the faster the generation. Default value: `"none"`
   */
  acceleration?: "none" | "regular" | "high";
  /**
   * If set to true, the safety checker will be enabled. Default value: `true`
   */
  enable_safety_checker?: boolean;
  /**
   * The CFG (Classifier Free Guidance) scale is a measure of how close you want
   * the model to stick to your prompt when looking for a related image to show you. Default value: `3.5`
   */
  guidance_scale?: number;
  /**
   * The size of the generated image. Default value: `landscape_4_3`
   */
  image_size?:
    | ImageSize
    | "square_hd"
    | "square"
    | "portrait_4_3"
    | "portrait_16_9"
    | "landscape_4_3"
    | "landscape_16_9";
  /**
   * The number of images to generate. Default value: `1`
   */
  num_images?: number;
  /**
   * The number of inference steps to perform. Default value: `28`
   */
  num_inference_steps?: number;
  /**
   * The format of the generated image. Default value: `"jpeg"`
   */
  output_format?: "jpeg" | "png";
  /**
   * The prompt to generate an image from.
   */
  prompt: string;
  /**
   * The same seed and the same prompt given to the same version of the model
   * will output the same image every time.
   */
  seed?: number;
  /**
   * If `True`, the media will be returned as a data URI and the output data won't be available in the request history.
   */
  sync_mode?: boolean;
};
export type ImageSize = {
  /**
   * The height of the generated image. Default value: `512`
   */
  height?: number;
  /**
   * The width of the generated image. Default value: `512`
   */
  width?: number;
};
export type FluxSchnellInput = FluxDevInput;
  "fal-ai/flux/dev": {
    input: FluxDevInput;
    output: FluxDevOutput;
  };
  "fal-ai/flux/schnell": {
    input: FluxSchnellInput;
    output: FluxSchnellOutput;
  };
