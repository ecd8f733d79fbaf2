import type {
  ParameterAttributeStruct,
  ParameterInfoStruct,
  ParameterValue,
  SetParameterAttributesStruct,
} from "../core/cwmp/index.ts";
import { CpeFaultError } from "./errors.ts";
import { isCompatibleType, normalizeValue, type ParamType } from "./param-value.ts";

/** How one parameter behaves (TR-106 parameter definition, simplified). */
export interface ParamSpec {
  readonly type: ParamType;
  readonly value: string;
  /** @default false */
  readonly writable?: boolean;
  /** Passwords and keys read back as "" (TR-181 "hidden"), yet keep their value. */
  readonly hidden?: boolean;
  readonly enumeration?: readonly string[];
  /** Value derived on read (UpTime, ConnReqJabberID); `read` gives other values. */
  readonly compute?: (read: (path: string) => string) => string;
  /** Notification forced active and unchangeable (TR-069 A.3.2.4, e.g. ConnReqJabberID). */
  readonly forcedNotification?: boolean;
  /** Active notification refused with 9009: values that change all the time (UpTime). */
  readonly denyActiveNotification?: boolean;
}

/** A multi-instance object ("Device.WiFi.SSID.") and its NumberOfEntries parameter. */
export interface TableSpec {
  readonly countParam: string;
  /** AddObject allowed (TR-069 A.3.2.6); false for fixed tables such as WiFi.Radio. */
  readonly addable: boolean;
  /** AddObject beyond this fails with 9004. @default 32 */
  readonly maxEntries?: number;
  /** Instances DeleteObject refuses (9001), e.g. a fixed XMPP.Connection.1. */
  readonly undeletable?: readonly number[];
  /** Creates the parameters and sub-objects of instance `base` ("...SSID.3."). */
  readonly populate: (tree: TreeWriter, base: string, instance: number) => void;
}

/** What a tree builder uses to lay out the data model. */
export interface TreeWriter {
  object(path: string): void;
  param(path: string, spec: ParamSpec): void;
  table(path: string, spec: TableSpec, initialInstances: number): void;
}

/** The device's parameter tree and the RPC-level operations on it (TR-069 A.3.2). */
export interface DataModel extends TreeWriter {
  readonly root: string;
  /** The stored value (hidden values included); throws 9005 for an unknown parameter. */
  read(path: string): string;
  /** A change made by the device itself: no writability check. */
  setInternal(path: string, value: string): void;
  parameterCount(): number;
  getParameterValues(names: readonly string[]): ParameterValue[];
  getParameterNames(path: string, nextLevel: boolean): ParameterInfoStruct[];
  /** All or nothing: any bad entry fails the whole call with 9003 and per-entry faults. */
  setParameterValues(list: readonly ParameterValue[]): void;
  getParameterAttributes(names: readonly string[]): ParameterAttributeStruct[];
  setParameterAttributes(list: readonly SetParameterAttributesStruct[]): void;
  /** `byDevice`: the device itself adds or removes the instance (TR-157 DUs), whatever AddObject may do. */
  addObject(tablePath: string, byDevice?: boolean): number;
  deleteObject(instancePath: string, byDevice?: boolean): void;
}

interface ParamNode {
  readonly kind: "param";
  readonly spec: ParamSpec;
  value: string;
  notification: number;
  accessList: readonly string[];
}

interface ObjectNode {
  readonly kind: "object";
  /** Tables: AddObject allowed; instances: DeleteObject allowed. */
  readonly writable: boolean;
}

interface TableState {
  readonly spec: TableSpec;
  nextInstance: number;
}

export function createDataModel(options: { readonly root: string }): DataModel {
  const nodes = new Map<string, ParamNode | ObjectNode>();
  const tables = new Map<string, TableState>();

  const paramNode = (path: string): ParamNode => paramNodeAt(nodes, path);
  const currentValue = (node: ParamNode): string =>
    node.spec.compute === undefined ? node.value : node.spec.compute(read);
  const read = (path: string): string => currentValue(paramNode(path));

  const selectParams = (names: readonly string[]) => selectParamsIn(nodes, options.root, names);
  const countInstances = (tablePath: string): number => countInstancesIn(nodes, tablePath);
  const refreshCount = (tablePath: string, state: TableState): void => {
    paramNode(state.spec.countParam).value = String(countInstances(tablePath));
  };

  const createInstance = (tablePath: string, state: TableState): number => {
    const instance = state.nextInstance;
    state.nextInstance += 1;
    const base = `${tablePath}${instance}.`;
    nodes.set(base, { kind: "object", writable: !state.spec.undeletable?.includes(instance) });
    state.spec.populate(model, base, instance);
    refreshCount(tablePath, state);
    return instance;
  };

  const model: DataModel = {
    root: options.root,
    object: (path) => void nodes.set(path, { kind: "object", writable: false }),
    param: (path, spec) =>
      void nodes.set(path, {
        kind: "param",
        spec,
        value: spec.value,
        notification: spec.forcedNotification ? 2 : 0,
        accessList: [],
      }),
    table: (path, spec, initialInstances) => {
      nodes.set(path, { kind: "object", writable: spec.addable });
      if (!nodes.has(spec.countParam))
        model.param(spec.countParam, { type: "unsignedInt", value: "0" });
      const state: TableState = { spec, nextInstance: 1 };
      tables.set(path, state);
      for (let i = 0; i < initialInstances; i += 1) createInstance(path, state);
      refreshCount(path, state);
    },
    read,
    setInternal: (path, value) => {
      paramNode(path).value = value;
    },
    parameterCount: () => [...nodes.values()].filter((node) => node.kind === "param").length,
    getParameterValues: (names) =>
      selectParams(names).map(([name, node]) => ({
        name,
        value: node.spec.hidden ? "" : currentValue(node),
        type: node.spec.type,
      })),
    getParameterNames: (path, nextLevel) => listNames(nodes, options.root, path, nextLevel),
    setParameterValues: (list) => {
      const updates = checkParameterValues(list, (name) => nodes.get(name));
      for (const [node, value] of updates) node.value = value;
    },
    getParameterAttributes: (names) =>
      selectParams(names).map(([name, node]) => ({
        name,
        notification: node.notification,
        accessList: node.accessList,
      })),
    setParameterAttributes: (list) => setAttributes(list, selectParams),
    addObject: (tablePath, byDevice = false) => {
      const state = tables.get(tablePath);
      if (state === undefined || !(state.spec.addable || byDevice))
        throw new CpeFaultError(9005, tablePath);
      if (countInstances(tablePath) >= (state.spec.maxEntries ?? 32)) throw new CpeFaultError(9004);
      return createInstance(tablePath, state);
    },
    deleteObject: (instancePath, byDevice = false) => {
      const match = /^(.+\.)(\d+)\.$/.exec(instancePath);
      const tablePath = match?.[1] ?? "";
      const state = tables.get(tablePath);
      const node = nodes.get(instancePath);
      if (state === undefined || node?.kind !== "object")
        throw new CpeFaultError(9005, instancePath);
      if (!(node.writable || byDevice))
        throw new CpeFaultError(9001, `${instancePath} cannot be deleted`);
      for (const path of [...nodes.keys()]) if (path.startsWith(instancePath)) nodes.delete(path);
      for (const path of [...tables.keys()]) if (path.startsWith(instancePath)) tables.delete(path);
      refreshCount(tablePath, state);
    },
  };
  return model;
}

type Nodes = ReadonlyMap<string, ParamNode | ObjectNode>;

function paramNodeAt(nodes: Nodes, path: string): ParamNode {
  const node = nodes.get(path);
  if (node?.kind !== "param") throw new CpeFaultError(9005, path);
  return node;
}

/** Parameters named by a GPV/GPA name list: "" is everything, "X." a subtree (A.3.2.2). */
function selectParamsIn(
  nodes: Nodes,
  root: string,
  names: readonly string[],
): [string, ParamNode][] {
  const selected: [string, ParamNode][] = [];
  for (const name of names.length === 0 ? [""] : names) {
    const prefix = name === "" ? root : name;
    if (!nodes.has(prefix)) throw new CpeFaultError(9005, name);
    if (!prefix.endsWith(".")) {
      selected.push([prefix, paramNodeAt(nodes, prefix)]);
      continue;
    }
    for (const [path, node] of nodes) {
      if (node.kind === "param" && path.startsWith(prefix)) selected.push([path, node]);
    }
  }
  return selected;
}

function countInstancesIn(nodes: Nodes, tablePath: string): number {
  let count = 0;
  for (const [path, node] of nodes) {
    if (node.kind === "object" && isDirectInstance(tablePath, path)) count += 1;
  }
  return count;
}

/** SetParameterAttributes: every entry is checked before anything changes (A.3.2.4). */
function setAttributes(
  list: readonly SetParameterAttributesStruct[],
  select: (names: readonly string[]) => [string, ParamNode][],
): void {
  const plan = list.map((entry) => {
    const targets = select([entry.name]).map(([, node]) => node);
    for (const node of targets) checkNotification(entry, node);
    return { entry, targets };
  });
  for (const { entry, targets } of plan) {
    for (const node of targets) {
      if (entry.notificationChange && !node.spec.forcedNotification)
        node.notification = entry.notification;
      if (entry.accessListChange) node.accessList = entry.accessList;
    }
  }
}

/** "Device.WiFi.SSID.3." is a direct instance of "Device.WiFi.SSID.". */
function isDirectInstance(tablePath: string, path: string): boolean {
  return path.startsWith(tablePath) && /^\d+\.$/.test(path.slice(tablePath.length));
}

/** TR-069 A.3.2.2 GetParameterNames: NextLevel true lists direct children only. */
function listNames(
  nodes: Nodes,
  root: string,
  path: string,
  nextLevel: boolean,
): ParameterInfoStruct[] {
  if (path === "" && nextLevel) return [{ name: root, writable: false }];
  const prefix = path === "" ? root : path;
  const self = nodes.get(prefix);
  if (self === undefined) throw new CpeFaultError(9005, path);
  if (!prefix.endsWith(".")) {
    if (nextLevel) throw new CpeFaultError(9003, "NextLevel true on a parameter");
    return [{ name: prefix, writable: isWritable(self) }];
  }
  const result: ParameterInfoStruct[] = nextLevel
    ? []
    : [{ name: prefix, writable: isWritable(self) }];
  for (const [name, node] of nodes) {
    if (name === prefix || !name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const direct =
      node.kind === "param" ? !rest.includes(".") : rest.indexOf(".") === rest.length - 1;
    if (!nextLevel || direct) result.push({ name, writable: isWritable(node) });
  }
  return result;
}

function isWritable(node: ParamNode | ObjectNode): boolean {
  return node.kind === "object" ? node.writable : node.spec.writable === true;
}

/** Validates every SPV entry before anything changes (TR-069 A.3.2.1: all or nothing). */
function checkParameterValues(
  list: readonly ParameterValue[],
  lookup: (name: string) => ParamNode | ObjectNode | undefined,
): [ParamNode, string][] {
  const names = new Set(list.map((entry) => entry.name));
  if (names.size !== list.length) throw new CpeFaultError(9003, "a parameter is named twice");
  const updates: [ParamNode, string][] = [];
  const faults = list.flatMap((entry) => {
    const node = lookup(entry.name);
    const fail = (faultCode: 9005 | 9006 | 9007 | 9008, faultString: string) => [
      { parameterName: entry.name, faultCode, faultString },
    ];
    if (node?.kind !== "param") return fail(9005, "Invalid parameter name");
    if (node.spec.writable !== true) return fail(9008, "Attempt to set a non-writable parameter");
    if (!isCompatibleType(node.spec.type, entry.type)) return fail(9006, "Invalid parameter type");
    const value = normalizeValue(node.spec.type, entry.value);
    const allowed = node.spec.enumeration;
    if (value === undefined || (allowed !== undefined && !allowed.includes(value))) {
      return fail(9007, "Invalid parameter value");
    }
    updates.push([node, value]);
    return [];
  });
  if (faults.length > 0) throw new CpeFaultError(9003, undefined, faults);
  return updates;
}

function checkNotification(entry: SetParameterAttributesStruct, node: ParamNode): void {
  if (!entry.notificationChange) return;
  const rejected =
    (node.spec.forcedNotification === true && entry.notification !== 2) ||
    (node.spec.denyActiveNotification === true && entry.notification === 2);
  if (rejected) throw new CpeFaultError(9009, entry.name);
}
