import type { SessionState } from "../../core/model/session-state.ts";
import { SharedCredentialRefusedError } from "../../port-errors.ts";
import type { OpenSessionOptions } from "../../ports.ts";
import { sessionIs } from "./conditions.ts";
import { expressionBuilder } from "./expression-builder.ts";
import { deviceKey, leaseKey } from "./item-layout.ts";
import type { Item, TableClient } from "./table-client.ts";

/**
 * A device record written before the lease item existed (lease-item.ts) may still hold the
 * task queue and the own-credential mark, which now live on the lease. The first session after
 * the split moves them there (one or two more writes, once per device), and the shared credential the
 * Inform used is refused if the record shows the device has its own: the lease it just took
 * is given back in the same write.
 */
export async function adoptLegacyAttributes(
  table: TableClient,
  deviceId: string,
  session: SessionState,
  items: { readonly meta: Item; readonly lease: Item | undefined },
  options: OpenSessionOptions,
): Promise<void> {
  const { meta, lease } = items;
  const queue = (meta.taskQueue ?? {}) as Record<string, number>;
  const ownCredential =
    typeof meta.ownCredential === "string" && lease?.ownCredential === undefined
      ? meta.ownCredential
      : undefined;
  const refused = options.sharedCredential === true && ownCredential !== undefined;
  if (Object.keys(queue).length === 0 && ownCredential === undefined) return;
  const update = expressionBuilder().condition(sessionIs(session.id));
  for (const [taskId, sequence] of Object.entries(queue)) {
    update.set(["taskQueue", taskId], sequence);
  }
  if (ownCredential !== undefined) update.set("ownCredential", ownCredential);
  if (refused) update.remove("session");
  await table.update({ key: leaseKey(deviceId), expression: update }, "openSession");
  if (refused) throw new SharedCredentialRefusedError(deviceId);
  // Only once the lease holds them: a failure in between leaves them where they were.
  if (Object.keys(queue).length > 0) {
    const moved = expressionBuilder().remove("taskQueue");
    await table.update({ key: deviceKey(deviceId), expression: moved }, "openSession");
  }
}
