/** OpenAPI schemas of software modules (TR-157) and the optional RPCs' results (TR-069 A.4). */

const softwareUnit = {
  type: "object",
  required: ["path", "values"],
  properties: {
    path: { type: "string", description: "e.g. Device.SoftwareModules.DeploymentUnit.1." },
    values: {
      type: "object",
      additionalProperties: { type: "string" },
      description:
        "The instance's stored parameters by name: UUID, DUID, Name, Status, Version, ExecutionUnitList for a DeploymentUnit; EUID, Name, Status, RequestedState, ... for an ExecutionUnit.",
    },
  },
};

/** The device view's `softwareModules`. */
export const softwareModulesSchema = {
  type: "object",
  description:
    "DeploymentUnits and ExecutionUnits from the stored Device.SoftwareModules. (or InternetGatewayDevice.SoftwareModules.) parameters: what DUStateChangeComplete results reported, and what a getParameterValues of the object read.",
  required: ["deploymentUnits", "executionUnits"],
  properties: {
    deploymentUnits: { type: "array", items: softwareUnit },
    executionUnits: { type: "array", items: softwareUnit },
  },
};

/** Result fields of changeDUState, get(All)QueuedTransfers and getRPCMethods tasks. */
export const moreRpcResultProperties = {
  duResults: {
    type: "array",
    description: "changeDUState: DUStateChangeComplete's result per operation (TR-069 A.4.2.1).",
    items: {
      type: "object",
      required: ["uuid", "deploymentUnitRef", "version", "currentState", "resolved"],
      properties: {
        uuid: { type: "string" },
        deploymentUnitRef: { type: "string" },
        version: { type: "string" },
        currentState: { type: "string", description: "Installed, Uninstalled or Failed" },
        resolved: { type: "boolean" },
        executionUnitRefList: { type: "array", items: { type: "string" } },
        startTime: { type: "string" },
        completeTime: { type: "string" },
        fault: {
          type: "object",
          properties: { code: { type: "integer" }, string: { type: "string" } },
        },
      },
    },
  },
  transfers: {
    type: "array",
    description: "getQueuedTransfers / getAllQueuedTransfers: the CPE's transfer queue.",
    items: {
      type: "object",
      required: ["commandKey", "state"],
      properties: {
        commandKey: { type: "string" },
        state: { type: "integer", description: "1 not started, 2 in progress, 3 completed" },
        isDownload: { type: "boolean" },
        fileType: { type: "string" },
        fileSize: { type: "integer" },
        targetFileName: { type: "string" },
      },
    },
  },
  methods: {
    type: "array",
    items: { type: "string" },
    description: "getRPCMethods: the methods the CPE supports.",
  },
};
