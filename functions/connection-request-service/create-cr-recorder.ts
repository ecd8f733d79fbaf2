import type { ConnectionRequestStatus, XmppAccountStatus } from "../core/model/device.ts";
import { DeviceNotFoundError } from "../port-errors.ts";
import type { DeviceStore, EventSink, Logger } from "../ports.ts";

/** The one place the sender writes what happened: the device record, then the event. */
export interface CrRecorder {
  /**
   * Records a connection-request attempt on the device; a failed or expired one is also
   * published as ConnectionRequestFailed. A device deleted meanwhile leaves nothing to record
   * on (logged, nothing published).
   */
  attempt(deviceId: string, status: ConnectionRequestStatus): Promise<void>;
  /** Records what became of the device's XMPP account. Throws DeviceNotFoundError. */
  account(deviceId: string, status: XmppAccountStatus): Promise<void>;
}

export function createCrRecorder(options: {
  readonly devices: Pick<DeviceStore, "recordConnectionRequest" | "recordXmppAccount">;
  /** Where ConnectionRequestFailed goes; undefined: not published. */
  readonly events?: EventSink;
  readonly logger: Logger;
}): CrRecorder {
  const { devices, events, logger } = options;
  return {
    async attempt(deviceId, status) {
      try {
        await devices.recordConnectionRequest(deviceId, status);
      } catch (error) {
        if (!(error instanceof DeviceNotFoundError)) throw error;
        logger.warn("device deleted before its connection request was recorded", { deviceId });
        return;
      }
      if (events === undefined) return;
      if (status.outcome !== "failed" && status.outcome !== "expired") return;
      const { at, method, outcome, attempts } = status;
      await events.publish([
        {
          type: "ConnectionRequestFailed",
          deviceId,
          at,
          method,
          outcome,
          ...(attempts !== undefined && { attempts }),
        },
      ]);
    },
    account: (deviceId, status) => devices.recordXmppAccount(deviceId, status),
  };
}
