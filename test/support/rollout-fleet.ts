import { createSimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { SimulatedCpe } from "../../functions/simulator/cpe-types.ts";
import { type CrListener, createCrListener } from "../../functions/simulator/cr-listener.ts";
import { crTargetOf } from "../../functions/simulator/fleet.ts";
import type { Misbehaviours } from "../../functions/simulator/misbehaviours.ts";
import type { LocalAcsHarness } from "./local-acs-harness.ts";
import { until } from "./until.ts";

export interface RolloutFleet {
  /** Device ids by fleet index: the order of the device listing, which a campaign follows. */
  readonly ids: readonly string[];
  /** Indices of the devices that got a connection request or a Download RPC so far. */
  touched(): Set<number>;
  softwareVersion(index: number): Promise<string | undefined>;
  /** The simulated device's sessions so far (events, RPCs), as it recorded them. */
  sessions(index: number): ReturnType<SimulatedCpe["sessions"]>;
  /** The device's tasks queued by that campaign, as the API shows them. */
  campaignTasks(
    index: number,
    campaignId: string,
  ): Promise<{ id: string; status: string; campaignStage?: number; history?: unknown[] }[]>;
  stop(): Promise<void>;
}

/**
 * Simulated CPEs that download firmware over HTTP, reboot into it and report TransferComplete,
 * registered with the local ACS (one BOOTSTRAP session each) and reachable by HTTP connection
 * requests through one loopback listener.
 */
export async function startRolloutFleet(
  acs: LocalAcsHarness,
  options: {
    readonly prefix: string;
    readonly size: number;
    /** By fleet index, i.e. position in the device listing (asked in index order), and device id. */
    readonly misbehaviours?: (index: number, deviceId: string) => Misbehaviours;
  },
): Promise<RolloutFleet> {
  const width = Math.max(2, String(options.size - 1).length);
  const serials = Array.from(
    { length: options.size },
    (_, i) => `${options.prefix}${String(i).padStart(width, "0")}`,
  );
  // Registered first (one BOOTSTRAP session each, the simulator's identity), so the fleet is
  // indexed in the order a campaign takes its devices: the device listing's order.
  for (const serial of serials)
    await acs.register(serial, { oui: "00D09E", productClass: "SIM-HGW" });
  const listed = await acs.api(
    "GET",
    `/devices?serialPrefix=${options.prefix}&limit=${options.size}`,
  );
  const ids = (listed.body.devices as { id: string }[]).map((device) => device.id);
  if (ids.length !== options.size) throw new Error(`${ids.length} of ${options.size} registered`);
  const listener: CrListener = createCrListener();
  await listener.start();
  const touched = new Set<number>();
  const cpes: SimulatedCpe[] = [];
  for (const [index, id] of ids.entries()) {
    const serial = serials.find((candidate) => id.endsWith(`-${candidate}`)) ?? "";
    const cpe = createSimulatedCpe({
      serialNumber: serial,
      acsUrl: acs.cwmpUrl,
      connectionRequestUrl: listener.urlFor(serial),
      connectionRequestUsername: "cr-user",
      connectionRequestPassword: "cr-pass",
      // Long enough that campaign work arrives through connection requests, not periodic Informs.
      periodicInformIntervalSec: 600,
      retryMinWaitSec: 0.2,
      rebootDelayMs: 100,
      httpDownloads: { timeoutMs: 10_000 },
      misbehaviours: options.misbehaviours?.(index, id) ?? {},
      observer: {
        onConnectionRequest: () => touched.add(index),
        onSessionEnd: (_serial, record) => {
          if (record.rpcs.some((rpc) => rpc.startsWith("Download"))) touched.add(index);
        },
      },
    });
    listener.register(serial, crTargetOf(cpe));
    cpes.push(cpe);
  }
  // Booted in small groups: 100 BOOTSTRAP sessions at once would only test the boot storm.
  for (let from = 0; from < cpes.length; from += 20) {
    for (const cpe of cpes.slice(from, from + 20)) cpe.start();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await until(
    `${options.size} ${options.prefix} simulated devices to finish their first session`,
    async () => (cpes.every((cpe) => cpe.sessions().length > 0) ? true : undefined),
    60_000,
  );
  const deviceId = (index: number) => ids[index] ?? "";
  return {
    ids,
    touched: () => new Set(touched),
    sessions: (index) => cpes[index]?.sessions() ?? [],
    softwareVersion: async (index) => {
      const device = (await acs.api("GET", `/devices/${encodeURIComponent(deviceId(index))}`)).body;
      return device.parameters.find(
        (p: { name: string }) => p.name === "Device.DeviceInfo.SoftwareVersion",
      )?.value;
    },
    campaignTasks: async (index, campaignId) => {
      const listed = await acs.api("GET", `/devices/${encodeURIComponent(deviceId(index))}/tasks`);
      const tasks = (listed.body.tasks ?? listed.body) as {
        id: string;
        status: string;
        campaignId?: string;
        campaignStage?: number;
        history?: unknown[];
      }[];
      return tasks.filter((task) => task.campaignId === campaignId);
    },
    stop: async () => {
      await Promise.all(cpes.map((cpe) => cpe.stop()));
      await listener.stop();
    },
  };
}
