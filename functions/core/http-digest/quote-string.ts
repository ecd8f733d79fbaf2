/** RFC 7230 section 3.2.6 quoted-string: escape backslash and double quote. */
export function quoteString(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}
