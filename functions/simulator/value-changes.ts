import type { ParameterValue } from "../core/cwmp/index.ts";
import type { DataModel } from "./data-model.ts";
import { CpeFaultError } from "./errors.ts";

/**
 * Parameters with active notification (attribute 2) that the device itself changed and has not
 * yet reported (TR-069 3.2.1 and A.3.2.4): each sends a session with "4 VALUE CHANGE" whose
 * Inform carries the parameter. Changes made by the ACS through SetParameterValues are not
 * notified back, so only device-internal changes come here. Passive notification is not
 * simulated.
 */
export interface ValueChanges {
  /** Keeps the paths whose notification is active; true when any was. */
  note(model: DataModel, paths: readonly string[]): boolean;
  /** Paths to add to the next Inform's ParameterList (call it when building that Inform). */
  pending(): string[];
  /** The InformResponse arrived for an Inform that carried `sent`; true if others remain. */
  acknowledge(sent: readonly string[]): boolean;
  clear(): void;
}

export function createValueChanges(): ValueChanges {
  // path -> sequence number of its latest change; a change made after the Inform was built
  // (e.g. Status Connecting -> Enabled during the session) outlives that Inform's acknowledgement.
  const changed = new Map<string, number>();
  let sequence = 0;
  let inInform = new Map<string, number>();
  return {
    note: (model, paths) => {
      let active = false;
      for (const path of paths) {
        const [attribute] = model.getParameterAttributes([path]);
        if (attribute?.notification !== 2) continue;
        sequence += 1;
        changed.set(path, sequence);
        active = true;
      }
      return active;
    },
    pending: () => {
      inInform = new Map(changed);
      return [...changed.keys()];
    },
    acknowledge: (sent) => {
      for (const path of sent) {
        if (changed.get(path) === inInform.get(path)) changed.delete(path);
      }
      return changed.size > 0;
    },
    clear: () => changed.clear(),
  };
}

/** The forced Inform parameters plus the changed ones being notified (TR-069 3.7.1.1). */
export function informParameterValues(
  model: DataModel,
  forced: readonly string[],
  changes: readonly string[],
): ParameterValue[] {
  const names = [...forced];
  for (const path of changes) if (!names.includes(path)) names.push(path);
  return names.flatMap((name) => {
    try {
      return model.getParameterValues([name]);
    } catch (error) {
      if (error instanceof CpeFaultError) return []; // deleted since it changed
      throw error;
    }
  });
}
