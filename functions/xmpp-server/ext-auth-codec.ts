/**
 * ejabberd's external authentication protocol (the `extauth_program` port): every message is a
 * 2-byte big-endian length followed by that many bytes, `command:arg:arg...`; every answer is
 * the length 2 followed by a 2-byte result, 1 (yes) or 0 (no). Pure: bytes in, values out.
 */

/** One request ejabberd sends; anything it may add later decodes as `unknown` (answered 0). */
export type ExtAuthRequest =
  | {
      readonly kind: "auth";
      readonly user: string;
      readonly server: string;
      readonly password: string;
    }
  | { readonly kind: "isuser"; readonly user: string; readonly server: string }
  | { readonly kind: "unknown"; readonly command: string };

/** Complete messages at the front of `buffer`, and the bytes of an incomplete one left over. */
export function decodeExtAuthFrames(buffer: Buffer): { messages: string[]; rest: Buffer } {
  const messages: string[] = [];
  let offset = 0;
  while (buffer.length - offset >= 2) {
    const length = buffer.readUInt16BE(offset);
    if (buffer.length - offset - 2 < length) break;
    messages.push(buffer.subarray(offset + 2, offset + 2 + length).toString("utf8"));
    offset += 2 + length;
  }
  return { messages, rest: buffer.subarray(offset) };
}

/** `auth:User:Server:Password`: the password is the rest (it may hold colons). */
export function parseExtAuthRequest(message: string): ExtAuthRequest {
  const [command = "", user = "", server = "", ...rest] = message.split(":");
  if (command === "auth" && rest.length > 0) {
    return { kind: "auth", user, server, password: rest.join(":") };
  }
  if (command === "isuser" && rest.length === 0) return { kind: "isuser", user, server };
  return { kind: "unknown", command };
}

/** The 4-byte answer: length 2, then 1 or 0. */
export function encodeExtAuthResult(ok: boolean): Buffer {
  const answer = Buffer.alloc(4);
  answer.writeUInt16BE(2, 0);
  answer.writeUInt16BE(ok ? 1 : 0, 2);
  return answer;
}

/** A request as ejabberd frames it (tests and the bench speak the protocol with it). */
export function encodeExtAuthFrame(message: string): Buffer {
  const body = Buffer.from(message, "utf8");
  const frame = Buffer.alloc(2 + body.length);
  frame.writeUInt16BE(body.length, 0);
  body.copy(frame, 2);
  return frame;
}
