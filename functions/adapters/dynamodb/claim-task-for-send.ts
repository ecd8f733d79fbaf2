import type { TaskRecord } from "../../core/model/task.ts";
import type { TaskSendClaim } from "../../ports.ts";
import { parseTask } from "./dynamo-task-store.ts";
import { expressionBuilder } from "./expression-builder.ts";
import { taskKey } from "./item-layout.ts";
import type { TableClient } from "./table-client.ts";

/**
 * TaskStore.claimForSend: one UpdateItem of the task item making it `sentOnce` (task-policy.ts),
 * its condition all that makes the claim safe without a read (pending, the device's, unexpired,
 * a send left, a kind named), returning the item as it was (ReturnValues ALL_OLD).
 */
export async function claimTaskForSend(
  table: TableClient,
  claim: TaskSendClaim,
): Promise<TaskRecord | undefined> {
  const update = expressionBuilder()
    .set("status", "running")
    .add("attempts", 1)
    .set("updatedAt", claim.sent.at)
    .set("sent", claim.sent)
    .condition((e) =>
      [
        `${e.name("status")} = ${e.value("pending")}`,
        `${e.name("deviceId")} = ${e.value(claim.deviceId)}`,
        `${e.name("expiresAt")} > ${e.value(claim.sent.at)}`,
        `${e.name("attempts")} < ${e.name("maxAttempts")}`,
        `${e.name(["spec", "name"])} IN (${claim.names.map((name) => e.value(name)).join(", ")})`,
      ].join(" AND "),
    );
  const claimed = await table.update(
    { key: taskKey(claim.taskId), expression: update, returnOld: true },
    "claimTask",
  );
  return claimed.written && claimed.old ? parseTask(claimed.old) : undefined;
}
