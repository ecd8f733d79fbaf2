import type { StoredParameter } from "../../core/model/device.ts";
import type { ParameterStore } from "../../ports.ts";
import { mergeByName, mergeParameter } from "../dynamodb/dynamo-parameter-store.ts";
import { cloneData } from "./clone-data.ts";
import type { MemoryStoreOptions } from "./memory-device-store.ts";

export interface MemoryParameterStore extends ParameterStore {
  /** Same contract as the DynamoDB adapter's: deletes up to maxItems of older generations. */
  purgeStaleParameters(deviceId: string, keepGeneration: number, maxItems: number): Promise<number>;
}

/** ParameterStore on plain Maps; results sorted by name, like the DynamoDB sort key. */
export function createMemoryParameterStore(options: MemoryStoreOptions): MemoryParameterStore {
  const { parameters: byDevice } = options.table;

  function generationOf(deviceId: string, generation: number): Map<string, StoredParameter> {
    let generations = byDevice.get(deviceId);
    if (!generations) {
      generations = new Map();
      byDevice.set(deviceId, generations);
    }
    let names = generations.get(generation);
    if (!names) {
      names = new Map();
      generations.set(generation, names);
    }
    return names;
  }

  return {
    async putParameters(deviceId, generation, parameters) {
      const names = generationOf(deviceId, generation);
      for (const parameter of mergeByName(parameters)) {
        const before = names.get(parameter.name);
        names.set(
          parameter.name,
          cloneData(before ? mergeParameter(before, parameter) : parameter),
        );
      }
    },

    async getParameters(deviceId, generation, prefix = "") {
      const names = byDevice.get(deviceId)?.get(generation);
      return [...(names?.values() ?? [])]
        .filter((parameter) => parameter.name.startsWith(prefix))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map(cloneData);
    },

    async deleteParameters(deviceId, generation, names) {
      const stored = byDevice.get(deviceId)?.get(generation);
      for (const name of names) stored?.delete(name);
    },

    async purgeStaleParameters(deviceId, keepGeneration, maxItems) {
      const generations = byDevice.get(deviceId);
      let deleted = 0;
      for (const [generation, names] of generations ?? []) {
        if (generation >= keepGeneration) continue;
        for (const name of names.keys()) {
          if (deleted >= maxItems) return deleted;
          names.delete(name);
          deleted++;
        }
        if (names.size === 0) generations?.delete(generation);
      }
      return deleted;
    },
  };
}
