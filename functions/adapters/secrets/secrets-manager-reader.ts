import type { AwsLiteClient } from "../aws-lite/aws-lite-on-first-use.ts";

/** A secret's SecretString by its ARN or name. */
export type SecretReader = (secretId: string) => Promise<string>;

/**
 * Secrets Manager's GetSecretValue over aws-lite (its JSON 1.1 protocol), not the SDK's
 * SecretsManagerClient: the CWMP and API functions read their secrets at init, and the SDK
 * client's import is most of the cold start it would add (see dynamodb/dynamo-caller.ts for
 * the measurement). One attempt: a failure fails the init, which Lambda runs again.
 */
export function secretsManagerReader(awsLite: () => Promise<AwsLiteClient>): SecretReader {
  return async (secretId) => {
    const client = await awsLite();
    const { payload } = await client({
      service: "secretsmanager",
      headers: {
        "X-Amz-Target": "secretsmanager.GetSecretValue",
        "content-type": "application/x-amz-json-1.1",
      },
      payload: { SecretId: secretId },
      awsjson: false,
    });
    const secret = (payload ?? {}) as { SecretString?: unknown };
    return typeof secret.SecretString === "string" ? secret.SecretString : "";
  };
}
