/**
 * Deep copy that drops undefined values from objects and arrays, as the
 * DynamoDB adapter's `removeUndefinedValues` does, so both stores hand back
 * equal records and no caller can mutate what is stored.
 */
export function cloneData<T>(value: T): T {
  return strip(value) as T;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter((entry) => entry !== undefined).map(strip);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, entry]) => entry !== undefined)
        .map(([key, entry]) => [key, strip(entry)]),
    );
  }
  return value;
}
