import { createSimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { SimulatedCpe, SimulatedCpeOptions } from "../../functions/simulator/cpe-types.ts";
import type { CrListener } from "../../functions/simulator/cr-listener.ts";
import { crTargetOf } from "../../functions/simulator/fleet.ts";
import type { LocalAcsHarness } from "./local-acs-harness.ts";
import { until } from "./until.ts";

/**
 * The connection request credentials (TR-069 3.2.2) the local ACS is started with, as
 * `startLocalAcsHarness(simulatedCpeCrEnv)`, and every CPE booted here reports.
 */
export const simulatedCpeCrEnv = { ACS_CR_USERNAME: "cr-user", ACS_CR_PASSWORD: "cr-pass" };

export interface SimulatedCpeOnAcsOptions {
  readonly acs: LocalAcsHarness;
  /** Started; the CPE is registered on it under its serial number. */
  readonly listener: CrListener;
  /**
   * The device; where the ACS and the CR listener are comes from `acs` and `listener`.
   * @default connection request credentials of simulatedCpeCrEnv, retryMinWaitSec 0.2
   */
  readonly cpe: Omit<SimulatedCpeOptions, "acsUrl" | "connectionRequestUrl">;
}

/**
 * Powers on one simulated CPE against the local ACS, reachable by connection request through
 * `listener`, and waits until the API lists the device (its first Inform was accepted). The
 * caller stops the CPE; if the device never shows up it is stopped here before the error.
 */
export async function startSimulatedCpeOnAcs(
  options: SimulatedCpeOnAcsOptions,
): Promise<{ readonly cpe: SimulatedCpe; readonly id: string }> {
  const { acs, listener } = options;
  const serial = options.cpe.serialNumber;
  const cpe = createSimulatedCpe({
    connectionRequestUsername: simulatedCpeCrEnv.ACS_CR_USERNAME,
    connectionRequestPassword: simulatedCpeCrEnv.ACS_CR_PASSWORD,
    retryMinWaitSec: 0.2,
    ...options.cpe,
    acsUrl: acs.cwmpUrl,
    connectionRequestUrl: listener.urlFor(serial),
  });
  listener.register(serial, crTargetOf(cpe));
  cpe.start();
  try {
    const id = await until(`${serial} registered`, async () => {
      const listed = await acs.api("GET", `/devices?serialPrefix=${serial}`);
      return listed.body.devices[0]?.id as string | undefined;
    });
    return { cpe, id };
  } catch (error) {
    await cpe.stop();
    listener.unregister(serial);
    throw error;
  }
}
