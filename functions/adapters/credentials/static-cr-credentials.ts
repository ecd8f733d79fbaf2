import type { CrCredentialSource, CrCredentials } from "../../ports.ts";

/**
 * One ConnectionRequestUsername/Password pair for every device (ACS_CR_USERNAME/PASSWORD), as
 * when the ACS provisions the same pair everywhere. Per-device credentials implement the same
 * interface later.
 */
export function createStaticCrCredentials(
  credentials: CrCredentials | undefined,
): CrCredentialSource {
  const frozen = credentials && Object.freeze({ ...credentials });
  return { credentialsFor: () => frozen };
}
