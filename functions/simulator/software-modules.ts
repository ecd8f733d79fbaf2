import { randomUUID } from "node:crypto";
import type { DuOperation, OpResultStruct } from "../core/cwmp/index.ts";
import type { DataModel, ParamSpec, TreeWriter } from "./data-model.ts";
import { CpeFaultError, cpeFaultStrings } from "./errors.ts";
import { ro, rw } from "./param-spec.ts";
import { formatDateTime } from "./param-value.ts";

const base = "Device.SoftwareModules.";
const execEnv = `${base}ExecEnv.1`;
const uuidPattern = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/**
 * TR-157 SoftwareModules under Device. (TR-181): one Linux execution environment, and the
 * DeploymentUnit and ExecutionUnit tables that ChangeDUState fills (the device adds and
 * removes their instances itself; AddObject is refused, as TR-157 makes them read-only).
 */
export function addSoftwareModules(tree: DataModel): void {
  tree.object(base);
  tree.table(
    `${base}ExecEnv.`,
    {
      countParam: `${base}ExecEnvNumberOfEntries`,
      addable: false,
      populate: (t, path) =>
        params(t, path, {
          Enable: rw("boolean", "true"),
          Status: ro("string", "Up"),
          Name: ro("string", "Linux"),
          Type: ro("string", "Linux"),
          Vendor: ro("string", "Simulated"),
          Version: ro("string", "5.15"),
        }),
    },
    1,
  );
  tree.table(
    `${base}DeploymentUnit.`,
    { countParam: `${base}DeploymentUnitNumberOfEntries`, addable: false, populate: () => {} },
    0,
  );
  tree.table(
    `${base}ExecutionUnit.`,
    { countParam: `${base}ExecutionUnitNumberOfEntries`, addable: false, populate: () => {} },
    0,
  );
}

function params(tree: TreeWriter, path: string, specs: Record<string, ParamSpec>): void {
  for (const [name, spec] of Object.entries(specs)) tree.param(`${path}${name}`, spec);
}

/** "https://apps.example.com/voip-2.1.ipk" -> name "voip", version "2.1". */
function packageOf(url: string): { name: string; version: string } {
  const file =
    url
      .split("/")
      .pop()
      ?.replace(/\.[a-z]+$/i, "") ?? "du";
  const match = /^(.*?)[-_](\d+(?:\.\d+)*)$/.exec(file);
  return { name: match?.[1] || file || "du", version: match?.[2] ?? "1.0" };
}

/** The DeploymentUnit instance with this UUID (and Version, when given). */
function findDu(model: DataModel, uuid: string, version = ""): string | undefined {
  return model
    .getParameterNames(`${base}DeploymentUnit.`, true)
    .map((p) => p.name)
    .find(
      (path) =>
        model.read(`${path}UUID`) === uuid &&
        (version === "" || model.read(`${path}Version`) === version),
    );
}

function install(model: DataModel, op: Extract<DuOperation, { operation: "InstallOpStruct" }>) {
  if (op.uuid !== "" && !uuidPattern.test(op.uuid)) throw new CpeFaultError(9022, op.uuid);
  const uuid = op.uuid || randomUUID();
  if (findDu(model, uuid)) throw new CpeFaultError(9026, uuid);
  const { name, version } = packageOf(op.url);
  const du = `${base}DeploymentUnit.${model.addObject(`${base}DeploymentUnit.`, true)}.`;
  const eu = `${base}ExecutionUnit.${model.addObject(`${base}ExecutionUnit.`, true)}`;
  const duValues = {
    UUID: uuid,
    DUID: du.slice(`${base}DeploymentUnit.`.length, -1),
    Name: name,
    Status: "Installed",
    Resolved: "true",
    URL: op.url,
    Vendor: "Simulated",
    Version: version,
    ExecutionUnitList: eu,
    ExecutionEnvRef: op.executionEnvRef || execEnv,
  };
  for (const [key, value] of Object.entries(duValues))
    model.param(`${du}${key}`, ro(key === "Resolved" ? "boolean" : "string", value));
  const euValues = {
    EUID: eu.slice(`${base}ExecutionUnit.`.length),
    Name: name,
    Status: "Idle",
    RequestedState: "",
    ExecutionFaultCode: "NoFault",
    Version: version,
    ExecutionEnvRef: op.executionEnvRef || execEnv,
  };
  for (const [key, value] of Object.entries(euValues))
    model.param(`${eu}.${key}`, ro("string", value));
  return { uuid, ref: du.slice(0, -1), version, state: "Installed", eus: eu };
}

function operate(model: DataModel, op: DuOperation) {
  switch (op.operation) {
    case "InstallOpStruct":
      return install(model, op);
    case "UpdateOpStruct": {
      const du = findDu(model, op.uuid);
      if (!du) throw new CpeFaultError(9028, op.uuid);
      const version = packageOf(op.url || model.read(`${du}URL`)).version;
      model.setInternal(`${du}Version`, version);
      const eus = model.read(`${du}ExecutionUnitList`);
      return { uuid: op.uuid, ref: du.slice(0, -1), version, state: "Installed", eus };
    }
    case "UninstallOpStruct": {
      const du = findDu(model, op.uuid, op.version);
      if (!du) throw new CpeFaultError(9028, op.uuid);
      const version = model.read(`${du}Version`);
      for (const eu of model.read(`${du}ExecutionUnitList`).split(",").filter(Boolean))
        model.deleteObject(`${eu}.`, true);
      model.deleteObject(du, true);
      return { uuid: op.uuid, ref: du.slice(0, -1), version, state: "Uninstalled", eus: "" };
    }
  }
}

/**
 * Carries out ChangeDUState's operations in order (TR-069 A.4.1.10) and reports each as an
 * OpResultStruct (A.4.2.1): a failed one has CurrentState Failed and its fault (9022 invalid
 * UUID, 9026 duplicate DU, 9028 unknown DU); the others go on.
 */
export function applyDuOperations(
  model: DataModel,
  operations: readonly DuOperation[],
  startedMs: number,
): OpResultStruct[] {
  return operations.map((op) => {
    const times = {
      startTime: formatDateTime(startedMs),
      completeTime: formatDateTime(Date.now()),
    };
    try {
      const done = operate(model, op);
      return {
        uuid: done.uuid,
        deploymentUnitRef: done.ref,
        version: done.version,
        currentState: done.state,
        resolved: true,
        executionUnitRefList: done.eus,
        ...times,
        fault: { faultCode: 0, faultString: "" },
      };
    } catch (error) {
      const fault = error instanceof CpeFaultError ? error : new CpeFaultError(9002, String(error));
      return {
        uuid: op.uuid,
        deploymentUnitRef: "",
        version: "",
        currentState: "Failed",
        resolved: false,
        executionUnitRefList: "",
        ...times,
        fault: {
          faultCode: fault.faultCode,
          faultString: cpeFaultStrings[fault.faultCode] ?? fault.message,
        },
      };
    }
  });
}
