export { type BatchGetOptions, batchGet } from "./batch-get.ts";
export { type BatchWriteOptions, batchWrite } from "./batch-write.ts";
export { countRequests, type RequestCounter } from "./count-requests.ts";
export { createDynamoCaller, type DynamoCaller } from "./dynamo-caller.ts";
export { createDynamoDeviceStore, type DynamoStoreOptions } from "./dynamo-device-store.ts";
export {
  createDynamoParameterStore,
  type DynamoParameterStore,
  type DynamoParameterStoreOptions,
} from "./dynamo-parameter-store.ts";
export { createDynamoTaskStore, type DynamoTaskStoreOptions } from "./dynamo-task-store.ts";
export { StoreItemInvalidError, StoreRequestRejectedError } from "./errors.ts";
export { type ExpressionBuilder, expressionBuilder } from "./expression-builder.ts";
export {
  createTableClient,
  type TableClient,
  type TableClientOptions,
  type WriteResult,
} from "./table-client.ts";
export {
  type EnsureTableOptions,
  ensureTable,
  TableNotReadyError,
  tableDefinition,
} from "./table-definition.ts";
