import { type DigestUse, isLaterDigestUse } from "../../core/auth/digest-use.ts";
import {
  DigestReplayError,
  SessionBusyError,
  SharedCredentialRefusedError,
} from "../../port-errors.ts";
import type { OpenSessionOptions } from "../../ports.ts";
import { sessionFromItem } from "./device-item.ts";
import { leaseKey } from "./item-layout.ts";
import type { Item, TableClient } from "./table-client.ts";

/**
 * Names the condition that refused an Inform's open-session write, from the item real DynamoDB
 * returned with the failure, else from one consistent read (dynalite). Credentials are judged
 * before the lease: a refused credential gets 401, never a 503 that invites a retry.
 */
export async function openSessionRefusal(
  table: TableClient,
  deviceId: string,
  refused: { readonly current?: Item },
  options: OpenSessionOptions,
  now: number,
): Promise<Error> {
  const item = refused.current ?? (await table.get(leaseKey(deviceId), "openSession"));
  if (options.sharedCredential === true && typeof item?.ownCredential === "string") {
    return new SharedCredentialRefusedError(deviceId);
  }
  if (options.digest !== undefined && !isLaterDigestUse(digestUseOf(item), options.digest)) {
    return new DigestReplayError(deviceId);
  }
  // A lease freed in between leaves nothing to wait for: retry at once.
  const leaseEnd = (item ? sessionFromItem(item)?.expiresAt : undefined) ?? now;
  return new SessionBusyError(deviceId, Math.max(0, leaseEnd - now));
}

function digestUseOf(item: Item | undefined): DigestUse | undefined {
  const use = item?.digestUse as Partial<DigestUse> | undefined;
  if (typeof use?.nonceIssuedAt !== "number" || typeof use.nonce !== "string") return undefined;
  return { nonceIssuedAt: use.nonceIssuedAt, nonce: use.nonce, nc: Number(use.nc ?? 0) };
}
