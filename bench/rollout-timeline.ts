import type { CpeObserver } from "../functions/simulator/cpe-types.ts";

/**
 * What the simulated CPEs see of a rollout: which devices have registered (a completed first
 * session), and per device the first connection request accepted after `start()` and the end of
 * the session that reported the new firmware (events M Download and 7 TRANSFER COMPLETE, after
 * the reboot; TR-069 3.7.1.5).
 */
export interface RolloutTimeline {
  readonly observer: CpeObserver;
  /** Devices with a completed session. */
  registered(): number;
  /** From now on, connection requests and upgrades count. */
  start(): void;
  /** Connection requests the devices accepted, and refused as busy, since start(). */
  connectionRequests(): ConnectionRequestTally;
  /** Per upgraded device: first accepted connection request to the upgrade reported, ms. */
  wakeToUpgradedMs(): number[];
  /** Devices that reported the upgrade since start(). */
  upgraded(): number;
}

export interface ConnectionRequestTally {
  readonly accepted: number;
  readonly busy: number;
  /** First to last accepted connection request, ms (0 for fewer than two). */
  readonly spanMs: number;
}

export function createRolloutTimeline(
  clock: () => number = () => performance.now(),
): RolloutTimeline {
  const registered = new Set<string>();
  const wokenAt = new Map<string, number>();
  const upgradedAt = new Map<string, number>();
  let started = false;
  let busy = 0;
  let accepted = 0;
  let firstAt: number | undefined;
  let lastAt: number | undefined;
  return {
    observer: {
      onSessionEnd: (serial, record) => {
        if (record.result.kind !== "completed") return;
        registered.add(serial);
        const codes = record.events.map((event) => event.eventCode);
        if (started && codes.includes("M Download") && !upgradedAt.has(serial))
          upgradedAt.set(serial, clock());
      },
      onConnectionRequest: (serial, outcome) => {
        if (!started) return;
        if (outcome === "busy") busy += 1;
        else {
          accepted += 1;
          lastAt = clock();
          firstAt ??= lastAt;
          if (!wokenAt.has(serial)) wokenAt.set(serial, clock());
        }
      },
    },
    registered: () => registered.size,
    start: () => {
      started = true;
    },
    connectionRequests: () => ({
      accepted,
      busy,
      spanMs: firstAt === undefined || lastAt === undefined ? 0 : lastAt - firstAt,
    }),
    wakeToUpgradedMs: () =>
      [...upgradedAt].flatMap(([serial, at]) => {
        const woken = wokenAt.get(serial);
        return woken === undefined ? [] : [at - woken];
      }),
    upgraded: () => upgradedAt.size,
  };
}
