import { DeviceNotFoundError, StoreUnavailableError } from "../../port-errors.ts";
import { itemExists } from "./conditions.ts";
import { expressionBuilder } from "./expression-builder.ts";
import { deviceKey, leaseKey } from "./item-layout.ts";
import type { TableClient } from "./table-client.ts";

export interface DeviceTagsOptions {
  readonly table: TableClient;
  /** Conditional writes tried before giving up when concurrent tag edits keep winning. @default 5 */
  readonly maxAttempts?: number;
}

const operation = "setTag";

/**
 * setTag on the device item's `tags` list (projected into gsi1, so a tag
 * filter can run on the index). Add is one conditional list_append; remove
 * needs the element's index, so it reads, then removes `tags[i]` on
 * condition that the element is still there, retrying when another edit
 * moved it. Both are idempotent.
 */
export function createDeviceTags(
  options: DeviceTagsOptions,
): (deviceId: string, tag: string, present: boolean) => Promise<void> {
  const { table } = options;
  const maxAttempts = options.maxAttempts ?? 5;

  async function readTags(deviceId: string): Promise<readonly string[]> {
    const item = await table.get(deviceKey(deviceId), operation, {
      projection: expressionBuilder().project("pk", "tags"),
    });
    if (!item) throw new DeviceNotFoundError(deviceId);
    const tags = item.tags;
    return Array.isArray(tags) ? tags.filter((tag) => typeof tag === "string") : [];
  }

  async function addTag(deviceId: string, tag: string): Promise<boolean> {
    // The device exists and does not carry the tag yet (so the list never holds duplicates).
    const update = expressionBuilder()
      .appendToList("tags", [tag])
      .condition(itemExists)
      .condition((e) => `NOT contains(${e.name("tags")}, ${e.value(tag)})`);
    const result = await table.update({ key: deviceKey(deviceId), expression: update }, operation);
    // Refused: either the device is missing (readTags throws) or the tag is there already.
    return result.written || (await readTags(deviceId)).includes(tag);
  }

  async function removeTag(deviceId: string, tag: string): Promise<boolean> {
    const index = (await readTags(deviceId)).indexOf(tag);
    if (index < 0) return true;
    // List indexes cannot be expression values: the literal index goes in the path.
    const update = expressionBuilder()
      .remove(["tags", index])
      .condition((e) => `${e.name(["tags", index])} = ${e.value(tag)}`);
    const result = await table.update({ key: deviceKey(deviceId), expression: update }, operation);
    return result.written;
  }

  /**
   * A tag may be a profile's precondition: the profiles' quiet period (idle-at-inform.ts) ends,
   * so the device's next periodic session looks at its profiles again.
   */
  async function endQuiet(deviceId: string): Promise<void> {
    const update = expressionBuilder().remove("provisioningQuiet").condition(itemExists);
    await table.update({ key: leaseKey(deviceId), expression: update }, operation);
  }

  return async function setTag(deviceId, tag, present) {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const done = present ? await addTag(deviceId, tag) : await removeTag(deviceId, tag);
      if (done) return endQuiet(deviceId);
    }
    throw new StoreUnavailableError(
      `setTag: tags of ${deviceId} kept changing during ${maxAttempts} attempts`,
    );
  };
}
