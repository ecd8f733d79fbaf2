import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { type AcsConsumer, useSecretArn } from "./grants.ts";

/**
 * The keys sealing per-device secrets and secret task values (functions/config/secrets-key.ts):
 * the first key (id "legacy"), and with the `sealingKeyRing` stage option the ring of further
 * keys and the id of the one new values are sealed with. Every process that seals or opens
 * (CWMP function, API function, sender) gets all of them, so any of them opens what another sealed.
 */
export interface SealingKeys {
  /** `ACS_SECRETS_KEY`: 32 bytes or a 32+ character passphrase. */
  readonly legacyKey: ISecret;
  readonly ring?: {
    /** `ACS_SECRETS_KEYS`: a JSON object `{"<id>": "<key>"}`. */
    readonly secret: ISecret;
    /** `ACS_SECRETS_KEY_ID` */
    readonly currentKeyId: string;
  };
}

/** Names of the variables that carry the sealing keys' secret ARNs to a Lambda runtime. */
export const sealingKeyEnv = {
  legacyKey: "ACS_SECRETS_KEY_ARN",
  ring: "ACS_SECRETS_KEYS_ARN",
  currentKeyId: "ACS_SECRETS_KEY_ID",
} as const;

/**
 * A Lambda's sealing keys: each secret's ARN (resolved at cold start) with read access to it,
 * and the current key id.
 */
export function useSealingKeys(consumer: AcsConsumer, keys: SealingKeys): void {
  useSecretArn(consumer, keys.legacyKey, sealingKeyEnv.legacyKey);
  if (keys.ring) {
    useSecretArn(consumer, keys.ring.secret, sealingKeyEnv.ring);
    consumer.addEnvironment(sealingKeyEnv.currentKeyId, keys.ring.currentKeyId);
  }
}
