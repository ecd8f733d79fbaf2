import type { StoredParameter } from "../core/model/device.ts";
import {
  maskedValue,
  mustMask,
  type SecretParameterPolicy,
} from "../core/model/secret-parameters.ts";
import type { ParameterStore } from "../ports.ts";

/**
 * The parameter store as every CWMP writer sees it: a secret parameter's value (set by a task,
 * reported by an Inform, or read back by a CPE that does not hide it as TR-069 A.3.2.1 asks) is
 * stored as `maskedValue`, never in clear. Its type and writability are kept. What must be sent
 * again lives sealed in the task or profile, not here.
 */
export function maskedParameterStore(
  store: ParameterStore,
  policy: SecretParameterPolicy,
): ParameterStore {
  const mask = (p: StoredParameter): StoredParameter =>
    mustMask(p.name, p.value, policy) ? { ...p, value: maskedValue } : p;
  return {
    putParameters: (deviceId, generation, parameters, options) =>
      store.putParameters(deviceId, generation, parameters.map(mask), options),
    getParameters: (deviceId, generation, prefix) =>
      store.getParameters(deviceId, generation, prefix),
    deleteParameters: (deviceId, generation, names) =>
      store.deleteParameters(deviceId, generation, names),
  };
}
