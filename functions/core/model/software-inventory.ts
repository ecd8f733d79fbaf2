import type { StoredParameter } from "./device.ts";

/**
 * A device's software modules (TR-157 SoftwareModules, under Device. in TR-181 and
 * InternetGatewayDevice. in TR-098) as far as its stored parameters tell: each
 * DeploymentUnit.{i} and ExecutionUnit.{i} instance with the values of its own parameters
 * (UUID, DUID, Name, Status, Version, ExecutionUnitList; EUID, Name, Status, RequestedState,
 * ...). Sub-objects of an instance are left to the parameter listing.
 */
export interface SoftwareInventory {
  readonly deploymentUnits: readonly SoftwareUnit[];
  readonly executionUnits: readonly SoftwareUnit[];
}

export interface SoftwareUnit {
  /** The instance's path, e.g. Device.SoftwareModules.DeploymentUnit.1. */
  readonly path: string;
  /** Its parameters' values by name (UUID, Name, Status, ...). */
  readonly values: Readonly<Record<string, string>>;
}

const unitPath =
  /^((?:Device|InternetGatewayDevice)\.SoftwareModules\.(DeploymentUnit|ExecutionUnit)\.(\d+)\.)([^.]+)$/;

export function softwareInventory(parameters: readonly StoredParameter[]): SoftwareInventory {
  const units = new Map<string, { kind: string; index: number; values: Record<string, string> }>();
  for (const parameter of parameters) {
    const match = unitPath.exec(parameter.name);
    if (!match || parameter.value === undefined) continue;
    const [, path = "", kind = "", index = "0", leaf = ""] = match;
    const unit = units.get(path) ?? { kind, index: Number(index), values: {} };
    unit.values[leaf] = parameter.value;
    units.set(path, unit);
  }
  const ofKind = (kind: string): SoftwareUnit[] =>
    [...units.entries()]
      .filter(([, unit]) => unit.kind === kind)
      .sort(([a, x], [b, y]) => x.index - y.index || a.localeCompare(b))
      .map(([path, unit]) => ({ path, values: unit.values }));
  return { deploymentUnits: ofKind("DeploymentUnit"), executionUnits: ofKind("ExecutionUnit") };
}
