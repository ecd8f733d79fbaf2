import type { DeviceStore, TaskStore } from "../../ports.ts";
import { createMemoryDeviceStore } from "./memory-device-store.ts";
import { createMemoryParameterStore, type MemoryParameterStore } from "./memory-parameter-store.ts";
import { createMemoryTable, type MemoryTable } from "./memory-table.ts";
import { createMemoryTaskStore } from "./memory-task-store.ts";

export { createMemoryCpeCredentialStore } from "./memory-cpe-credential-store.ts";
export { createMemoryDeviceStore, type MemoryStoreOptions } from "./memory-device-store.ts";
export { createMemoryParameterStore, type MemoryParameterStore } from "./memory-parameter-store.ts";
export { createMemoryTable, type MemoryDeviceRow, type MemoryTable } from "./memory-table.ts";
export { createMemoryTaskStore } from "./memory-task-store.ts";

export interface MemoryStores {
  readonly table: MemoryTable;
  readonly devices: DeviceStore;
  readonly parameters: MemoryParameterStore;
  readonly tasks: TaskStore;
}

/** The three stores over one fresh table (pass `table` to share or pre-fill one). */
export function createMemoryStores(options: { readonly table?: MemoryTable } = {}): MemoryStores {
  const table = options.table ?? createMemoryTable();
  return {
    table,
    devices: createMemoryDeviceStore({ table }),
    parameters: createMemoryParameterStore({ table }),
    tasks: createMemoryTaskStore({ table }),
  };
}
