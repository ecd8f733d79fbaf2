const count = { type: "integer", minimum: 0 } as const;

/** GET /profiles: counted over at most 1000 devices per request (profile-convergence.ts). */
export const convergenceSchema = {
  type: "object",
  required: ["devicesCounted", "complete", "byProfile"],
  properties: {
    devicesCounted: count,
    complete: {
      type: "boolean",
      description: "False when the fleet is larger than the bound: the first devices only",
    },
    byProfile: {
      type: "object",
      description:
        "Per profile: converged, pending, faulted, notApplicable (the device lacks what it requires), waiting (untouched; a later session may apply it), notMatching (untouched; identity, root or tags rule the device out)",
      additionalProperties: {
        type: "object",
        required: ["converged", "pending", "faulted", "notApplicable", "waiting", "notMatching"],
        properties: {
          converged: count,
          pending: count,
          faulted: count,
          notApplicable: count,
          waiting: count,
          notMatching: count,
        },
      },
    },
  },
} as const;
