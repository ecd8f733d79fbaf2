import {
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { DeviceNotFoundError, StoreUnavailableError } from "../../port-errors.ts";
import { deviceKey } from "./item-layout.ts";
import { isConditionalCheckFailed, translateError } from "./translate-error.ts";

export interface DeviceTagsOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Conditional writes tried before giving up when concurrent tag edits keep winning. @default 5 */
  readonly maxAttempts?: number;
}

/** Adding: the device exists and does not carry the tag yet (so the list never holds duplicates). */
const deviceLacksTag = "attribute_exists(#pk) AND NOT contains(#tags, :tag)";

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
  const { client, tableName } = options;
  const maxAttempts = options.maxAttempts ?? 5;

  async function readTags(deviceId: string): Promise<readonly string[]> {
    let item: Record<string, unknown> | undefined;
    try {
      const output = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: deviceKey(deviceId),
          ConsistentRead: true,
          ProjectionExpression: "#pk, #tags",
          ExpressionAttributeNames: { "#pk": "pk", "#tags": "tags" },
        }),
      );
      item = output.Item;
    } catch (error) {
      throw translateError(error, "setTag");
    }
    if (!item) throw new DeviceNotFoundError(deviceId);
    return Array.isArray(item.tags) ? (item.tags as string[]) : [];
  }

  /** True when written, false when the condition failed. */
  async function conditionalUpdate(input: Omit<UpdateCommandInput, "TableName">) {
    try {
      await client.send(new UpdateCommand({ TableName: tableName, ...input }));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw translateError(error, "setTag");
    }
  }

  async function addTag(deviceId: string, tag: string): Promise<boolean> {
    const written = await conditionalUpdate({
      Key: deviceKey(deviceId),
      UpdateExpression: "SET #tags = list_append(if_not_exists(#tags, :none), :one)",
      ConditionExpression: deviceLacksTag,
      ExpressionAttributeNames: { "#pk": "pk", "#tags": "tags" },
      ExpressionAttributeValues: { ":tag": tag, ":one": [tag], ":none": [] },
    });
    // Refused: either the device is missing (readTags throws) or the tag is there already.
    return written || (await readTags(deviceId)).includes(tag);
  }

  async function removeTag(deviceId: string, tag: string): Promise<boolean> {
    const index = (await readTags(deviceId)).indexOf(tag);
    if (index < 0) return true;
    // List indexes cannot be expression values: the literal index goes in the path.
    return conditionalUpdate({
      Key: deviceKey(deviceId),
      UpdateExpression: `REMOVE #tags[${index}]`,
      ConditionExpression: `#tags[${index}] = :tag`,
      ExpressionAttributeNames: { "#tags": "tags" },
      ExpressionAttributeValues: { ":tag": tag },
    });
  }

  return async function setTag(deviceId, tag, present) {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const done = present ? await addTag(deviceId, tag) : await removeTag(deviceId, tag);
      if (done) return;
    }
    throw new StoreUnavailableError(
      `setTag: tags of ${deviceId} kept changing during ${maxAttempts} attempts`,
    );
  };
}
