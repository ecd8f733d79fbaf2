import type { XsdType } from "../cwmp/xsd-type.ts";

/** What the opening Inform tells about the device (TR-069 3.7.1.1, A.3.3.1). */
export interface InformFacts {
  readonly deviceId: string;
  readonly manufacturer: string;
  readonly oui: string;
  readonly productClass: string;
  readonly serialNumber: string;
  readonly events: readonly string[];
  /**
   * "M <method>" events with their CommandKey (TR-069 3.7.1.5): a Reboot, Download,
   * ScheduleInform... whose reply was lost still shows here that it happened.
   */
  readonly methodEvents: readonly MethodEvent[];
  /** Inform RetryCount: > 0 when the CPE's previous session attempt failed (A.3.3.1). */
  readonly retryCount: number;
  /** The Inform's ParameterList, name -> [value, type]. */
  readonly informParameters: Readonly<Record<string, readonly [string, XsdType]>>;
  /** DeviceInfo.SoftwareVersion (under Device., InternetGatewayDevice. or no root). */
  readonly softwareVersion?: string;
  readonly connectionRequestUrl?: string;
  readonly connReqJabberId?: string;
  readonly udpConnectionRequestAddress?: string;
  /** 0 BOOTSTRAP present: forget every stored parameter (new generation). */
  readonly bootstrap: boolean;
}

/** An "M <method>" event code and the CommandKey the ACS gave that RPC. */
export interface MethodEvent {
  readonly code: string;
  readonly commandKey: string;
}
