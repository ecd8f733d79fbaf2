import type { SimulatedCpe } from "../../functions/simulator/cpe-types.ts";
import { type CrListener, createCrListener } from "../../functions/simulator/cr-listener.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "./local-acs-harness.ts";
import {
  type SimulatedCpeOnAcsOptions,
  simulatedCpeCrEnv,
  startSimulatedCpeOnAcs,
} from "./simulated-cpe-on-acs.ts";

export interface SimulatedCpeRig {
  readonly acs: LocalAcsHarness;
  readonly listener: CrListener;
  /** Powers on one more CPE and waits until the ACS lists it; `stop()` powers it off. */
  boot(cpe: SimulatedCpeOnAcsOptions["cpe"]): Promise<{ cpe: SimulatedCpe; id: string }>;
  /** Stops every CPE booted here, then the CR listener, then the ACS. */
  stop(): Promise<void>;
}

/**
 * The local ACS with its connection request credentials set (plus `env`) and a started CR
 * listener, ready for simulated CPEs that the ACS wakes by connection request (TR-069 3.2.2).
 */
export async function startSimulatedCpeRig(
  env: Record<string, string> = {},
): Promise<SimulatedCpeRig> {
  const acs = await startLocalAcsHarness({ ...simulatedCpeCrEnv, ...env });
  const listener = createCrListener();
  await listener.start();
  const cpes: SimulatedCpe[] = [];
  return {
    acs,
    listener,
    boot: async (cpe) => {
      const booted = await startSimulatedCpeOnAcs({ acs, listener, cpe });
      cpes.push(booted.cpe);
      return booted;
    },
    stop: async () => {
      await Promise.all(cpes.map((cpe) => cpe.stop()));
      await listener.stop();
      await acs.stop();
    },
  };
}
