import type { ParameterUpdate } from "../core/session/task-outcome.ts";
import type { ParameterStore } from "../ports.ts";

/** Stores what a reply taught about the device's parameters (merge, then prune). */
export async function applyParameterUpdate(
  store: ParameterStore,
  deviceId: string,
  generation: number,
  update: ParameterUpdate,
): Promise<void> {
  if (update.put.length > 0) await store.putParameters(deviceId, generation, update.put);
  if (!update.prune) return;
  const { prefix, keep } = update.prune;
  const stored = await store.getParameters(deviceId, generation, prefix);
  const gone = stored.map((p) => p.name).filter((name) => !keep.has(name));
  if (gone.length > 0) await store.deleteParameters(deviceId, generation, gone);
}
