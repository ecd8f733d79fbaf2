import type { App } from "aws-cdk-lib";

/** CPE authentication on the CWMP endpoint. In AWS it is on by default. */
export type CpeAuthMode = "digest" | "basic" | "none";

/** Everything a stage of the ACS is configured with; read once from cdk.json context. */
export interface AcsStageConfig {
  /** Stage name, used in stack names (e.g. "dev", "prod"). */
  readonly stage: string;
  readonly cpeAuth: CpeAuthMode;
}

/**
 * The only infrastructure code that reads CDK context. Unknown values fail
 * synthesis with the name of the offending key.
 */
export function readStageConfig(app: App): AcsStageConfig {
  const stage = stringContext(app, "acs:stage", "dev");
  const cpeAuth = stringContext(app, "acs:cpeAuth", "digest");
  if (cpeAuth !== "digest" && cpeAuth !== "basic" && cpeAuth !== "none") {
    throw new Error(`context acs:cpeAuth must be digest, basic or none, not "${cpeAuth}"`);
  }
  return { stage, cpeAuth };
}

function stringContext(app: App, key: string, fallback: string): string {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return fallback;
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error(`context ${key} must be a non-empty string`);
  }
  return value.trim();
}
