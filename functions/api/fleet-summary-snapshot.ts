import type { FleetSummary } from "../core/fleet/fleet-summary.ts";
import type { Clock, DeviceStore } from "../ports.ts";

/** How `GET /fleet/summary` spends and reuses its work. */
export interface FleetSummarySettings {
  /**
   * A saved summary younger than this is answered as is (ACS_FLEET_SUMMARY_MAX_AGE_SECONDS:
   * 300 in AWS, so a console polling it costs one GetItem a request; 0 locally: always fresh,
   * nothing saved). @default 0
   */
  readonly maxAgeMs: number;
  /** Counting stops after this long (within the API function's timeout). @default 5000 */
  readonly budgetMs: number;
  /** Counting stops after this many devices. @default 2_000_000 */
  readonly maxDevices: number;
}

export const defaultFleetSummarySettings: FleetSummarySettings = {
  maxAgeMs: 0,
  budgetMs: 5_000,
  maxDevices: 2_000_000,
};

/** The saved summary while it is fresh, else a new count (saved when summaries are reused). */
export async function currentFleetSummary(
  deps: { readonly devices: DeviceStore; readonly clock: Clock },
  settings: FleetSummarySettings,
): Promise<FleetSummary> {
  const now = deps.clock.now();
  if (settings.maxAgeMs > 0) {
    const saved = await deps.devices.loadFleetSummary();
    if (saved !== undefined && now - saved.generatedAt < settings.maxAgeMs) return saved;
  }
  const summary = await deps.devices.summarizeFleet({
    now,
    maxDevices: settings.maxDevices,
    deadline: now + settings.budgetMs,
    clock: deps.clock,
  });
  if (settings.maxAgeMs > 0) await deps.devices.saveFleetSummary(summary);
  return summary;
}

/** The API's shape of a summary (FleetSummary in the OpenAPI document). */
export function fleetSummaryView(summary: FleetSummary) {
  return { ...summary, generatedAt: new Date(summary.generatedAt).toISOString() };
}
