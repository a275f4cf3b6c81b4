/**
 * ImageSize
 */
export const zImageSize = z.object({
  height: z
    .optional(
      z.int().lte(14142).register(z.globalRegistry, {
        description: "The height of the generated image.",
      }),
    )
    .default(512),
  width: z
    .optional(
      z.int().lte(14142).register(z.globalRegistry, {
        description: "The width of the generated image.",
      }),
    )
    .default(512),
});

/**
 * SchnellTextToImageInput
 */
export const zFluxSchnellInput = z.object({
  prompt: z.string().register(z.globalRegistry, {
    description: "The prompt to generate an image from.",
  }),
  num_images: z
    .optional(
      z.int().gte(1).lte(4).register(z.globalRegistry, {
        description: "The number of images to generate.",
      }),
    )
    .default(1),
  image_size: z.optional(
    z.union([
      zImageSize,
      z.enum([
        "square_hd",
        "square",
        "portrait_4_3",
        "portrait_16_9",
        "landscape_4_3",
        "landscape_16_9",
      ]),
    ]),
  ),
  acceleration: z.optional(
    z.enum(["none", "regular", "high"]).register(z.globalRegistry, {
      description:
        "The speed of the generation. The higher the speed, the faster the generation.",
    }),
  ),
  output_format: z.optional(
    z.enum(["jpeg", "png"]).register(z.globalRegistry, {
      description: "The format of the generated image.",
    }),
  ),
  sync_mode: z
    .optional(
      z.boolean().register(z.globalRegistry, {
        description:
          "If `True`, the media will be returned as a data URI and the output data won't be available in the request history.",
      }),
    )
    .default(false),
  enable_safety_checker: z
    .optional(
      z.boolean().register(z.globalRegistry, {
        description: "If set to true, the safety checker will be enabled.",
      }),
    )
    .default(true),
  seed: z.optional(z.union([z.int(), z.unknown()])),
  guidance_scale: z
    .optional(
      z.number().gte(1).lte(20).register(z.globalRegistry, {
        description:
          "\n        The CFG (Classifier Free Guidance) scale is a measure of how close you want\n        the model to stick to your prompt when looking for a related image to show you.\n    ",
      }),
    )
    .default(3.5),
  num_inference_steps: z
    .optional(
      z.int().gte(1).lte(12).register(z.globalRegistry, {
        description: "The number of inference steps to perform.",
      }),
    )
    .default(4),
});

/**
 * BaseInput
 */
export const zFluxDevInput = z.object({
  prompt: z.string().register(z.globalRegistry, {
    description: "The prompt to generate an image from.",
  }),
  num_images: z
    .optional(
      z.int().gte(1).lte(4).register(z.globalRegistry, {
        description: "The number of images to generate.",
      }),
    )
    .default(1),
  image_size: z.optional(
    z.union([
      zImageSize,
      z.enum([
        "square_hd",
        "square",
        "portrait_4_3",
        "portrait_16_9",
        "landscape_4_3",
        "landscape_16_9",
      ]),
    ]),
  ),
  acceleration: z.optional(
    z.enum(["none", "regular", "high"]).register(z.globalRegistry, {
      description:
        "The speed of the generation. The higher the speed, the faster the generation.",
    }),
  ),
  output_format: z.optional(
    z.enum(["jpeg", "png"]).register(z.globalRegistry, {
      description: "The format of the generated image.",
    }),
  ),
  sync_mode: z
    .optional(
      z.boolean().register(z.globalRegistry, {
        description:
          "If `True`, the media will be returned as a data URI and the output data won't be available in the request history.",
      }),
    )
    .default(false),
  enable_safety_checker: z
    .optional(
      z.boolean().register(z.globalRegistry, {
        description: "If set to true, the safety checker will be enabled.",
      }),
    )
    .default(true),
  seed: z.optional(z.union([z.int(), z.unknown()])),
  guidance_scale: z
    .optional(
      z.number().gte(1).lte(20).register(z.globalRegistry, {
        description:
          "\n        The CFG (Classifier Free Guidance) scale is a measure of how close you want\n        the model to stick to your prompt when looking for a related image to show you.\n    ",
      }),
    )
    .default(3.5),
  num_inference_steps: z
    .optional(
      z.int().gte(1).lte(50).register(z.globalRegistry, {
        description: "The number of inference steps to perform.",
      }),
    )
    .default(28),
});
