import { secretContext } from "../../core/provisioning/secret-context.ts";
import { SecretUnreadableError } from "../../port-errors.ts";
import type { CrCredentialSource, Logger, SecretSealer } from "../../ports.ts";

/**
 * Per-device CR credentials once the CPE accepted them in its
 * current parameter generation (a BOOTSTRAP puts back its factory pair until
 * the profile sets them again); otherwise the shared pair.
 */
export function createDeviceCrCredentials(options: {
  readonly sealer: SecretSealer | undefined;
  readonly fallback: CrCredentialSource;
  readonly logger: Logger;
}): CrCredentialSource {
  return {
    credentialsFor(device) {
      const secrets = device.crSecrets;
      const sealer = options.sealer;
      if (!sealer || !secrets || secrets.confirmedGeneration !== device.parameterGeneration) {
        return options.fallback.credentialsFor(device);
      }
      try {
        const context = secretContext(device.id, "crPassword");
        return { username: secrets.crUsername, password: sealer.open(secrets.crPassword, context) };
      } catch (error) {
        if (!(error instanceof SecretUnreadableError)) throw error;
        options.logger.error("per-device CR password unreadable; using the shared pair", {
          deviceId: device.id,
        });
        return options.fallback.credentialsFor(device);
      }
    },
  };
}
