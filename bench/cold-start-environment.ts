/**
 * The environment the CWMP and API functions get in AWS (lib/constructs/cwmp-function.ts,
 * provisioning-function.ts, grants.ts, sealing-keys.ts, file-store.ts,
 * runtime-environment.ts), with stub names and the secrets already resolved: given as
 * values instead of ARNs, so init reads no secret from Secrets Manager (in AWS it does,
 * one GetSecretValue per ARN, in parallel; that network time is not in these figures).
 */
export function coldStartEnvironment(entry: "cwmp" | "api"): Record<string, string> {
  return { ...lambdaRuntime, ...shared, ...(entry === "cwmp" ? cwmp : api) };
}

// Closed port: an init that calls AWS fails instead of waiting on the network.
const lambdaRuntime = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  AWS_REGION: "eu-west-1",
  AWS_DEFAULT_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  AWS_SESSION_TOKEN: "stub",
  AWS_ENDPOINT_URL: "http://127.0.0.1:9",
  AWS_LAMBDA_FUNCTION_NAME: "acs-cold-start",
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "512",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

const shared = {
  ACS_TABLE_NAME: "acs-table",
  ACS_EVENT_BUS_NAME: "acs-bus",
  ACS_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/acs-cr",
  ACS_SECRETS_KEYS: JSON.stringify({ k1: "0123456789abcdef0123456789abcdef" }),
  ACS_SECRETS_KEY_ID: "k1",
  ACS_FILES_BUCKET: "acs-files",
  ACS_FILES_PREFIX: "files/",
  ACS_UPLOADS_PREFIX: "uploads/",
  ACS_FILES_URL_LIFETIME_SECONDS: "900",
  ACS_LOG_LEVEL: "info",
  ACS_CPE_USERNAME: "cpe",
};

const cwmp = {
  ACS_CPE_AUTH: "digest",
  ACS_SESSION_IDLE_TIMEOUT_SECONDS: "30",
  ACS_CR_CREDENTIALS: "per-device",
  ACS_NONCE_SECRET: "nonce-secret-of-sixty-four-characters-0123456789abcdef0123456789",
  ACS_CPE_PASSWORD: "cpe-password-0123456789abcdef",
  ACS_CPE_DIGEST_ALGORITHMS: "SHA-256,MD5",
  ACS_CPE_DIGEST_LEGACY: "false",
  ACS_CPE_NONCE_LIFETIME_SECONDS: "60",
  ACS_XMPP_JID: "acs@xmpp.example.net",
  ACS_XMPP_CREATE_ACCOUNTS: "true",
  ACS_XMPP_CPE_USE_TLS: "true",
};

const api = { ACS_API_TIMEOUT_SECONDS: "10", ACS_CPE_AUTH_REALM: "acs" };
