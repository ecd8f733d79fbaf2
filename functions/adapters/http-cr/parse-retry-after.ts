/**
 * RFC 9110 section 10.2.3 Retry-After: delay-seconds or an HTTP-date. A date becomes seconds
 * from `nowMs` (never negative); anything else is ignored, since the header is only a hint.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}
