import type { MaintenanceWindow } from "../model/campaign.ts";

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;

/** Minutes after midnight of "HH:MM" (00:00..23:59); undefined for anything else. */
export function minutesOfDay(time: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

function bounds(window: MaintenanceWindow): { start: number; end: number } {
  // The API refuses malformed times; a stored one that is malformed reads as midnight.
  return { start: minutesOfDay(window.start) ?? 0, end: minutesOfDay(window.end) ?? 0 };
}

/** Inside [start, end) UTC; a window whose end is before its start wraps midnight. No window: open. */
export function isWindowOpen(window: MaintenanceWindow | undefined, now: number): boolean {
  if (window === undefined) return true;
  const { start, end } = bounds(window);
  if (start === end) return true;
  const minute = Math.floor((now % dayMs) / minuteMs);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** When the window is next open: `now` when it is, else its next start. */
export function nextWindowOpening(window: MaintenanceWindow | undefined, now: number): number {
  if (window === undefined || isWindowOpen(window, now)) return now;
  const midnight = now - (now % dayMs);
  const start = midnight + bounds(window).start * minuteMs;
  return start > now ? start : start + dayMs;
}
