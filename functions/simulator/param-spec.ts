import type { ParamSpec } from "./data-model.ts";
import type { ParamType } from "./param-value.ts";

/** A read-only parameter spec. */
export const ro = (type: ParamType, value: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({
  type,
  value,
  ...extra,
});

/** A writable parameter spec. */
export const rw = (type: ParamType, value: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({
  type,
  value,
  writable: true,
  ...extra,
});
