import type { DeviceRecord } from "../../core/model/device.ts";
import type { SessionState } from "../../core/model/session-state.ts";
import { matchesDevice } from "../../core/provisioning/match-precondition.ts";
import { dueState } from "../../core/provisioning/profile-state.ts";
import type { SessionDeps } from "../session-deps.ts";
import { deviceProfiles } from "./device-profiles.ts";
import type { ProvisioningDeps } from "./provisioning-deps.ts";

/**
 * Whether any profile has work for this device in this session, decided without a read (the
 * catalog is cached per instance): one whose precondition matches and that is due
 * (core/provisioning/profile-state.ts), or secrets to generate or re-seal. The Inform's open
 * asks it for a device record it has just written, so a BOOTSTRAP no profile applies to ends
 * as cheaply as a periodic Inform (core/session/idle-at-inform.ts).
 */
export async function anyProfileDue(
  deps: SessionDeps & { readonly provisioning: ProvisioningDeps },
  session: SessionState,
  device: DeviceRecord,
): Promise<boolean> {
  const now = deps.clock.now();
  const { entries, device: withSecrets } = await deviceProfiles(deps, device, now);
  if (withSecrets !== device) return true;
  return entries.some(
    ({ profile, hash }) =>
      matchesDevice(profile.precondition, device, session.events) &&
      dueState(device.provisioning?.[profile.name], {
        generation: device.parameterGeneration,
        hash,
        events: session.events,
        now,
        timing: deps.provisioning.timing,
      }) !== undefined,
  );
}
