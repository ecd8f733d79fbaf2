import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimulatedCpe } from "../functions/simulator/cpe.ts";
import type { SimulatedCpe } from "../functions/simulator/cpe-types.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../test/support/local-acs-harness.ts";
import { simulatedCpeCrEnv } from "../test/support/simulated-cpe-on-acs.ts";
import { startUdpNat } from "../test/support/udp-nat.ts";
import { until } from "../test/support/until.ts";

export interface UdpCrBenchOptions {
  readonly devices: number;
  /** Share of datagrams the NAT drops, each direction. */
  readonly lossRate: number;
  /** Connection requests started per second. */
  readonly ratePerSecond: number;
  readonly rounds: number;
}

export interface UdpCrRound {
  readonly requested: number;
  readonly delivered: number;
  readonly deliveredShare: number;
  /** Datagrams the NAT dropped by the injected loss during the round (both directions). */
  readonly lost: number;
  readonly seconds: number;
}

/**
 * UDP connection requests (TR-069 Annex G) on the local ACS to simulated CPEs behind one
 * port-restricted-cone NAT that drops `lossRate` of the datagrams: each round asks the API to
 * wake every device (ACS_CR_METHODS=udp, 3 datagrams 500 ms apart) at `ratePerSecond` and
 * counts those whose `6 CONNECTION REQUEST` session started. Keep-alives cross the same lossy NAT.
 */
export async function runUdpCrBench(options: UdpCrBenchOptions): Promise<UdpCrRound[]> {
  let stunPort = 0;
  const nat = await startUdpNat({
    destination: () => ({ address: "127.0.0.1", port: stunPort }),
    lossRate: options.lossRate,
  });
  const acs = await startLocalAcsHarness({
    ...simulatedCpeCrEnv,
    ACS_DATA_DIR: mkdtempSync(join(tmpdir(), "acs-udp-bench-")),
    ACS_SECRETS_KEY: Buffer.alloc(32, 0x42).toString("base64"),
    ACS_STUN_PORT: "0",
    ACS_STUN_SERVER_ADDRESS: nat.inside.address,
    ACS_STUN_SERVER_PORT: String(nat.inside.port),
    ACS_CR_METHODS: "udp",
  });
  stunPort = acs.stunPort ?? 0;
  const cpes: SimulatedCpe[] = [];
  try {
    const ids = await bootFleet(acs, cpes, options.devices);
    const rounds: UdpCrRound[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      // The sender skips a device woken in the last 10 s (de-duplication).
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 11_000));
      const lostBefore = nat.lost();
      const startedAt = Date.now();
      const delivered = await wakeAll(acs, ids, options.ratePerSecond);
      rounds.push({
        requested: ids.length,
        delivered,
        deliveredShare: delivered / ids.length,
        lost: nat.lost() - lostBefore,
        seconds: (Date.now() - startedAt) / 1000,
      });
    }
    return rounds;
  } finally {
    await Promise.all(cpes.map((cpe) => cpe.stop()));
    await acs.stop();
    await nat.close();
  }
}

async function bootFleet(acs: LocalAcsHarness, cpes: SimulatedCpe[], count: number) {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const serial = `UDPB${String(index).padStart(5, "0")}`;
    const cpe = createSimulatedCpe({
      serialNumber: serial,
      acsUrl: acs.cwmpUrl,
      connectionRequestUsername: simulatedCpeCrEnv.ACS_CR_USERNAME,
      connectionRequestPassword: simulatedCpeCrEnv.ACS_CR_PASSWORD,
      periodicInformIntervalSec: 3600,
      retryMinWaitSec: 0.2,
      stun: { bindAddress: "127.0.0.1", keepAliveMs: 2_000 },
    });
    cpes.push(cpe);
    cpe.start();
  }
  for (const cpe of cpes) {
    const id = await until(`${cpe.serialNumber} bound`, async () => {
      const listed = await acs.api("GET", `/devices?serialPrefix=${cpe.serialNumber}`);
      const found = listed.body.devices[0]?.id as string | undefined;
      if (found === undefined) return undefined;
      const view = await acs.api("GET", `/devices/${encodeURIComponent(found)}`);
      return view.body.connectionRequest.stunBinding === null ? undefined : found;
    });
    ids.push(id);
  }
  return ids;
}

/** Starts one CR per device at the rate; resolves with how many were delivered. */
async function wakeAll(acs: LocalAcsHarness, ids: readonly string[], rate: number) {
  const outcomes = ids.map(async (id, index) => {
    await new Promise((resolve) => setTimeout(resolve, (index * 1000) / rate));
    const response = await acs.api(
      "POST",
      `/devices/${encodeURIComponent(id)}/connection-request?wait=25`,
    );
    const outcome = response.body?.outcome;
    return outcome?.method === "udp" && outcome.outcome === "delivered";
  });
  return (await Promise.all(outcomes)).filter(Boolean).length;
}
