import type { DynamoCaller } from "../functions/adapters/dynamodb/dynamo-caller.ts";

/**
 * DynamoDB requests per device and operation, for the provisioning benchmark: the device a
 * request is about is read from its serialized body (the first device-scoped key in it, see
 * functions/adapters/dynamodb/item-layout.ts). Requests naming no device (profiles, campaigns,
 * the device listing) count under `unattributed`.
 */
export interface DeviceRequestCounter {
  snapshot(): DeviceRequestCounts;
  reset(): void;
  detach(): void;
}

export interface DeviceRequestCounts {
  /** device id -> operation -> requests. */
  readonly byDevice: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** operation -> requests that named no device. */
  readonly unattributed: Readonly<Record<string, number>>;
}

// Device item and parameters (DEV#), a device's task index (DEVTASKS#), idempotency keys
// (IDEM#<id>#<key>). Device ids are percent-escaped, so they hold no '"' and no '#'.
const DEVICE_KEY = /"(?:DEV|DEVTASKS|IDEM)#([^"#\\]+)/;

const utf8 = new TextDecoder();

/**
 * The device a serialized request body is about; undefined when it names none. The SDK hands
 * the JSON over as bytes (a Uint8Array subclass) or, in older versions, as a string.
 */
export function deviceOfRequestBody(body: unknown): string | undefined {
  const text =
    typeof body === "string" ? body : body instanceof Uint8Array ? utf8.decode(body) : undefined;
  return text === undefined ? undefined : DEVICE_KEY.exec(text)?.[1];
}

/** Counts every attempt (retries included), as countRequests does. */
export function countRequestsByDevice(client: DynamoCaller): DeviceRequestCounter {
  let byDevice = new Map<string, Map<string, number>>();
  let unattributed = new Map<string, number>();
  const detach = client.observe({
    attempt: (operation, input) => {
      const device = deviceOfRequestBody(JSON.stringify(input));
      let counts = unattributed;
      if (device !== undefined) {
        counts = byDevice.get(device) ?? new Map();
        byDevice.set(device, counts);
      }
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
    },
  });
  return {
    snapshot: () => ({
      byDevice: Object.fromEntries(
        [...byDevice].map(([device, counts]) => [device, Object.fromEntries(counts)]),
      ),
      unattributed: Object.fromEntries(unattributed),
    }),
    reset: () => {
      byDevice = new Map();
      unattributed = new Map();
    },
    detach,
  };
}
