import { answerConnectionRequest } from "./cpe-connection-request.ts";
import { createCpeDevice } from "./cpe-device.ts";
import { powerOff, powerOn } from "./cpe-power.ts";
import { requestSession } from "./cpe-session-loop.ts";
import type { SimulatedCpe, SimulatedCpeOptions } from "./cpe-types.ts";

export type * from "./cpe-types.ts";

/**
 * A TR-181 device speaking CWMP to an ACS (TR-069 section 3.7, CPE role).
 * Its state lives in one `CpeDevice` (cpe-device.ts) that the lifecycle
 * (cpe-power.ts), the session loop (cpe-session-loop.ts) and the after-session
 * actions (cpe-actions.ts) are handed explicitly.
 */
export function createSimulatedCpe(options: SimulatedCpeOptions): SimulatedCpe {
  const device = createCpeDevice({ options, requestSession });
  return {
    serialNumber: device.profile.serialNumber,
    profile: device.profile,
    misbehaviours: device.misbehaviours,
    state: () => device.state(),
    model: () => device.model,
    sessions: () => device.history,
    start: () => powerOn(device),
    stop: () => powerOff(device),
    connectionRequest: () => answerConnectionRequest(device),
  };
}
