import type { DeviceChanges } from "../../ports.ts";

/** SET/REMOVE clauses of an UpdateExpression, with their names and values. */
export interface UpdateClauses {
  readonly names: Record<string, string>;
  readonly values: Record<string, unknown>;
  readonly set: string[];
  readonly remove: string[];
}

/** SET/REMOVE clauses for DeviceChanges; dequeued ids are deduplicated (paths may not overlap). */
export function deviceChanges(changes: DeviceChanges): UpdateClauses {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const set: string[] = [];
  const remove: string[] = [];
  const dequeued = [...new Set(changes.dequeue ?? [])];
  if (dequeued.length > 0) names["#taskQueue"] = "taskQueue";
  dequeued.forEach((taskId, index) => {
    names[`#dequeued${index}`] = taskId;
    remove.push(`#taskQueue.#dequeued${index}`);
  });
  if (changes.connectionRequestUrl !== undefined) {
    names["#connectionRequestUrl"] = "connectionRequestUrl";
    values[":connectionRequestUrl"] = changes.connectionRequestUrl;
    set.push("#connectionRequestUrl = :connectionRequestUrl");
  }
  if (changes.connReqJabberId !== undefined) {
    names["#connReqJabberId"] = "connReqJabberId";
    values[":connReqJabberId"] = changes.connReqJabberId;
    set.push("#connReqJabberId = :connReqJabberId");
  }
  for (const field of ["provisioning", "crSecrets", "xmppAccount"] as const) {
    if (changes[field] === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = changes[field];
    set.push(`#${field} = :${field}`);
  }
  return { names, values, set, remove };
}
