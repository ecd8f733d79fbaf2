import type { CpeMessageOf, DeviceIdStruct } from "../cwmp/cpe-messages.ts";
import { deviceIdOf } from "../model/device-id.ts";
import {
  maxDeviceIdLength,
  maxInformParameterBytes,
  maxParameterNameBytes,
  maxParameterValueBytes,
} from "../model/store-limits.ts";

type Inform = CpeMessageOf<"Inform">;

export type InformProblemKind =
  | "missing-device-id"
  | "empty-identity-field"
  | "identity-field-too-long"
  | "device-id-too-long"
  | "parameter-name-too-long"
  | "parameter-value-too-large"
  | "parameters-too-large";

/** Why an Inform cannot open a session; `message` names the field and the bound. */
export interface InformProblem {
  readonly kind: InformProblemKind;
  readonly message: string;
}

/**
 * Longest identity field accepted, in characters. TR-069 A.3.3.1 DeviceIdStruct says
 * Manufacturer, ProductClass and SerialNumber string(64) and OUI string(6), uppercase hex.
 * Agents in the field exceed these (lowercase OUIs, long vendor strings, padded serials), and
 * a device refused here can never be managed, so the bounds are 4x the schema's: only absurd
 * values are refused.
 */
const identityLimits: Readonly<Record<keyof DeviceIdStruct, number>> = {
  manufacturer: 256,
  oui: 64,
  productClass: 256,
  serialNumber: 256,
};

const fieldNames: Readonly<Record<keyof DeviceIdStruct, string>> = {
  manufacturer: "Manufacturer",
  oui: "OUI",
  productClass: "ProductClass",
  serialNumber: "SerialNumber",
};

/**
 * Checks the Inform a session would be opened with (TR-069 3.7.1.1, A.3.3.1): a device must
 * name itself (OUI and SerialNumber key it; ProductClass may be empty), and nothing it reports
 * may exceed what the store can hold (store-limits.ts). Undefined when the Inform is fine.
 */
export function validateInform(inform: Inform): InformProblem | undefined {
  return identityProblem(inform.deviceId) ?? parameterProblem(inform.parameterList);
}

function identityProblem(id: DeviceIdStruct): InformProblem | undefined {
  const fields = Object.keys(fieldNames) as (keyof DeviceIdStruct)[];
  if (fields.every((field) => id[field].trim() === "")) {
    return { kind: "missing-device-id", message: "Inform without DeviceId" };
  }
  for (const field of ["oui", "serialNumber"] as const) {
    if (id[field].trim() === "") {
      return {
        kind: "empty-identity-field",
        message: `DeviceId ${fieldNames[field]} is empty`,
      };
    }
  }
  for (const field of fields) {
    if (id[field].length > identityLimits[field]) {
      return {
        kind: "identity-field-too-long",
        message: `DeviceId ${fieldNames[field]} has ${id[field].length} characters, over ${identityLimits[field]}`,
      };
    }
  }
  const length = deviceIdOf(id).length;
  if (length > maxDeviceIdLength) {
    return {
      kind: "device-id-too-long",
      message: `device id would have ${length} bytes once escaped, over ${maxDeviceIdLength}`,
    };
  }
  return undefined;
}

function parameterProblem(parameters: Inform["parameterList"]): InformProblem | undefined {
  let total = 0;
  for (const { name, value } of parameters) {
    const nameBytes = Buffer.byteLength(name, "utf8");
    if (nameBytes > maxParameterNameBytes) {
      return {
        kind: "parameter-name-too-long",
        message: `parameter name ${preview(name)} has ${nameBytes} bytes, over ${maxParameterNameBytes}`,
      };
    }
    const valueBytes = Buffer.byteLength(value, "utf8");
    if (valueBytes > maxParameterValueBytes) {
      return {
        kind: "parameter-value-too-large",
        message: `value of ${name} has ${valueBytes} bytes, over ${maxParameterValueBytes}`,
      };
    }
    total += nameBytes + valueBytes;
  }
  if (total > maxInformParameterBytes) {
    return {
      kind: "parameters-too-large",
      message: `ParameterList holds ${total} bytes, over ${maxInformParameterBytes}`,
    };
  }
  return undefined;
}

/** A long name cut for a log line. */
function preview(name: string): string {
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 61)}...` : name);
}
