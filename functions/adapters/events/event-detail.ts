import type { AcsEvent } from "../../ports.ts";

/** The JSON an event carries (EventBridge `detail`, a JSON line, a webhook body). */
export function eventDetail(event: AcsEvent): Record<string, unknown> {
  const { type: _type, at, ...rest } = event;
  return { ...rest, at: new Date(at).toISOString() };
}

export const eventSource = "acs";
