/**
 * RFC 7617 section 2: `Basic base64(user-id ":" password)`, UTF-8 (section 2.1). The password
 * travels in clear text, so callers use it only when an operator allowed it.
 */
export function buildBasicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}
