// AUTO-GENERATED - Do not edit manually
// Generated via scripts/generate-endpoint-maps.ts
  readonly "fal-ai/flux-pro/v1.1": {
    readonly input: typeof FluxProV11InputSchema;
    readonly output: typeof FluxProV11OutputSchema;
  };
  readonly "fal-ai/flux/dev": {
    readonly input: typeof FluxDevInputSchema;
    readonly output: typeof FluxDevOutputSchema;
  };
  readonly "fal-ai/flux/schnell": {
    readonly input: typeof FluxSchnellInputSchema;
    readonly output: typeof FluxSchnellOutputSchema;
  };
  "fal-ai/flux-pro/v1.1": {
    input: FluxProV11InputSchema,
    output: FluxProV11OutputSchema,
  },
  "fal-ai/flux/dev": { input: FluxDevInputSchema, output: FluxDevOutputSchema },
  "fal-ai/flux/schnell": {
    input: FluxSchnellInputSchema,
    output: FluxSchnellOutputSchema,
  },
