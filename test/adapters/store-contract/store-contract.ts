import { describe } from "node:test";
import { closeQueueContract } from "./close-queue-contract.ts";
import { deviceAdminContract } from "./device-admin-contract.ts";
import { deviceListingContract } from "./device-listing-contract.ts";
import { deviceStoreContract } from "./device-store-contract.ts";
import type { CreateStores } from "./fixtures.ts";
import { fleetSummaryContract } from "./fleet-summary-contract.ts";
import { idempotencyContract } from "./idempotency-contract.ts";
import { leaseContract } from "./lease-contract.ts";
import { parameterStoreContract } from "./parameter-store-contract.ts";
import { queueTaskContract } from "./queue-task-contract.ts";
import { recentTasksContract } from "./recent-tasks-contract.ts";
import { taskStoreContract } from "./task-store-contract.ts";

export type { ContractStores, CreateStores } from "./fixtures.ts";

/**
 * The storage ports' contract, run against every adapter (memory, DynamoDB
 * on dynalite) so the session engine's unit tests on memory stores mean
 * something for production. `createStores` must return stores over fresh,
 * empty storage on every call.
 */
export function storeContract(createStores: CreateStores): void {
  describe("DeviceStore", () => {
    deviceStoreContract(createStores);
    leaseContract(createStores);
    closeQueueContract(createStores);
    deviceListingContract(createStores);
    deviceAdminContract(createStores);
    fleetSummaryContract(createStores);
  });
  describe("ParameterStore", () => parameterStoreContract(createStores));
  describe("TaskStore", () => {
    taskStoreContract(createStores);
    idempotencyContract(createStores);
    queueTaskContract(createStores);
    recentTasksContract(createStores);
  });
}
