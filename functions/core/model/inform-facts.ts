import type { XsdType } from "../cwmp/xsd-type.ts";

/** What the opening Inform tells about the device (TR-069 3.7.1.1, A.3.3.1). */
export interface InformFacts {
  readonly deviceId: string;
  readonly manufacturer: string;
  readonly oui: string;
  readonly productClass: string;
  readonly serialNumber: string;
  readonly events: readonly string[];
  /** The Inform's ParameterList, name -> [value, type]. */
  readonly informParameters: Readonly<Record<string, readonly [string, XsdType]>>;
  readonly connectionRequestUrl?: string;
  readonly connReqJabberId?: string;
  /** 0 BOOTSTRAP present: forget every stored parameter (new generation). */
  readonly bootstrap: boolean;
}
