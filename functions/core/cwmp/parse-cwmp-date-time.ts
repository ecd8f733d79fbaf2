/**
 * Reads a CWMP dateTime (TR-069 A.2.1: xsd:dateTime, UTC or with offset;
 * "0001-01-01T00:00:00Z" means unknown) as epoch milliseconds, tolerating
 * what real agents send: a space instead of "T", no zone (taken as UTC),
 * fractional seconds, "+0100" offsets, doubled separators ("11:54::14").
 * Returns null when the value is unknown or unrecoverable.
 */
export function parseCwmpDateTime(raw: string): number | null {
  const text = raw.trim().replace(/::+/g, ":");
  const match =
    /^(\d{4})-(\d{1,2})-(\d{1,2})[T ]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      text,
    );
  if (!match) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const year = Number(y);
  if (year <= 1) return null;
  const fields = [Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0)] as const;
  const [month, day, hour, minute, second] = fields;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) {
    return null;
  }
  const millis = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  return utc - offsetMinutes(zone) * 60_000;
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/** The canonical form we emit: UTC with "Z", whole seconds. */
export function formatCwmpDateTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}
