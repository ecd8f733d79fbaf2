/** The CWMP codec's public surface. */
export type * from "./acs-messages.ts";
export type * from "./cpe-messages.ts";
export * from "./cwmp-codec.ts";
export * from "./cwmp-errors.ts";
export * from "./decode-error-answer.ts";
export type { CwmpEnvelope, EncodeOptions, EnvelopeHeader } from "./envelope.ts";
export { soapFaultCodeFor } from "./fault-codec.ts";
export * from "./namespaces.ts";
export * from "./parse-cwmp-date-time.ts";
export type * from "./shared-structs.ts";
export * from "./xsd-type.ts";
