import { createHmac, timingSafeEqual } from "node:crypto";
import { moreRpcTaskNames } from "../model/more-rpc-task-specs.ts";
import type { TaskName } from "../model/task.ts";

/**
 * A session cookie's send hint: the Inform found nothing to do but the device's queue, so the
 * empty POST that hands the ACS the floor (TR-069 3.7.2) sends the queue's oldest task after one
 * conditional write on the task item, with no read of the device, its lease or the task
 * (services/hinted-send.ts). The write returns the task as it was, so the RPC is encoded from it.
 *
 * Skipping the session read skips the check of the cookie's session id against the device's
 * lease, so the hint carries a MAC instead (RFC 2104 HMAC-SHA-256, truncated to 128 bits as RFC
 * 2104 section 5 allows) over the device, the session id, the task and the lease end, under a key
 * every instance shares: a hint the ACS did not issue, or one edited, is refused and the request
 * takes the usual path.
 */
export interface SendHint {
  readonly deviceId: string;
  readonly sessionId: string;
  readonly taskId: string;
  /** The session's lease end when its Inform was answered (epoch ms). */
  readonly expiresAt: number;
  /** The session's CWMP namespace, as its index in cwmpNamespaces (namespaces.ts). */
  readonly namespace: number;
}

export interface SendHintSigner {
  sign(hint: SendHint): string;
  /** Whether `mac` is this signer's MAC of `hint` (compared in constant time). */
  verify(hint: SendHint, mac: string): boolean;
}

/**
 * The signer under a key derived from `secret` (the digest nonce secret, ACS_NONCE_SECRET): its
 * own key, so a cookie MAC and a nonce MAC never share inputs under one key.
 */
export function createSendHintSigner(secret: string): SendHintSigner {
  const key = createHmac("sha256", secret).update("acs session send hint v1").digest();
  const sign = (hint: SendHint): string =>
    createHmac("sha256", key)
      .update(
        JSON.stringify([
          hint.deviceId,
          hint.sessionId,
          hint.taskId,
          hint.expiresAt,
          hint.namespace,
        ]),
      )
      .digest()
      .subarray(0, 16)
      .toString("base64url");
  return {
    sign,
    verify: (hint, mac) => {
      const expected = Buffer.from(sign(hint));
      const given = Buffer.from(mac);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}

/**
 * Tasks whose RPC needs no device record (core/session/task-rpc.ts): every kind but AddObject,
 * which keeps a snapshot of the object's known instances (send-task.ts). A new kind is left out
 * until it is added here. Another head task makes the hinted send's write refuse, and the
 * request takes the usual path.
 */
export const hintedSendTaskNames: readonly TaskName[] = [
  "getParameterValues",
  "setParameterValues",
  "getParameterNames",
  "getParameterAttributes",
  "setParameterAttributes",
  "deleteObject",
  "reboot",
  "factoryReset",
  "download",
  "upload",
  "scheduleInform",
  // Their RPCs carry only what the task holds (more-rpc-for-task.ts).
  ...moreRpcTaskNames,
];
