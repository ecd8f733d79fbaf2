import type { AcsMessageOf, AcsMethod } from "../../../functions/core/cwmp/acs-messages.ts";
import type { CpeMessageOf, CpeMethod } from "../../../functions/core/cwmp/cpe-messages.ts";

/**
 * One representative message per CWMP method and direction. The mapped
 * types make a method without a sample a compile error, so "every RPC
 * round-trips" stays true as methods are added.
 */
const fault = { faultCode: 0, faultString: "" };

const opResult = {
  uuid: "6b0c3d2e-0f44-4a6e-9a53-2d1a5c3e9f10",
  deploymentUnitRef: "Device.SoftwareModules.DeploymentUnit.1",
  version: "1.2.3",
  currentState: "Installed",
  resolved: true,
  executionUnitRefList: "Device.SoftwareModules.ExecutionUnit.1",
  startTime: "2026-11-24T10:00:00Z",
  completeTime: "2026-11-24T10:00:05Z",
  fault: { faultCode: 9018, faultString: 'Install failed: <disk> & "quota"' },
};

export const cpeSamples: { [M in CpeMethod]: CpeMessageOf<M> } = {
  Inform: {
    method: "Inform",
    deviceId: {
      manufacturer: "Acme & Sons",
      oui: "00D09E",
      productClass: "HGW-1",
      serialNumber: "S123<456>",
    },
    event: [
      { eventCode: "1 BOOT", commandKey: "" },
      { eventCode: "M Download", commandKey: "fw-2026.11" },
    ],
    maxEnvelopes: 1,
    currentTime: "2026-11-24T14:00:00+01:00",
    retryCount: 3,
    parameterList: [
      { name: "Device.DeviceInfo.SoftwareVersion", value: "1.2.3", type: "string" },
      {
        name: "Device.ManagementServer.PeriodicInformInterval",
        value: "86400",
        type: "unsignedInt",
      },
      { name: "Device.WiFi.SSID.1.SSID", value: "  café & <home> ", type: "string" },
      { name: "Device.X_ACME_Offset", value: "-5", type: "int" },
    ],
  },
  TransferComplete: {
    method: "TransferComplete",
    commandKey: "fw-2026.11",
    faultStruct: { faultCode: 9010, faultString: "Download failure: 404" },
    startTime: "2026-11-24T10:00:00Z",
    completeTime: "2026-11-24T10:01:00Z",
  },
  AutonomousTransferComplete: {
    method: "AutonomousTransferComplete",
    announceURL: "http://files.example.com/announce",
    transferURL: "http://files.example.com/fw.bin",
    isDownload: true,
    fileType: "1 Firmware Upgrade Image",
    fileSize: 1048576,
    targetFileName: "fw.bin",
    faultStruct: fault,
    startTime: "2026-11-24T10:00:00Z",
    completeTime: "2026-11-24T10:01:00Z",
  },
  GetRPCMethods: { method: "GetRPCMethods" },
  RequestDownload: {
    method: "RequestDownload",
    fileType: "3 Vendor Configuration File",
    fileTypeArg: [{ name: "Version", value: "7" }],
  },
  Kicked: {
    method: "Kicked",
    command: "activate",
    referer: "http://portal.example.com/?a=1&b=2",
    arg: "plan=gold",
    next: "http://portal.example.com/done",
  },
  DUStateChangeComplete: {
    method: "DUStateChangeComplete",
    results: [opResult],
    commandKey: "du-1",
  },
  AutonomousDUStateChangeComplete: {
    method: "AutonomousDUStateChangeComplete",
    results: [{ ...opResult, operationPerformed: "Install" }],
  },
  GetRPCMethodsResponse: {
    method: "GetRPCMethodsResponse",
    methodList: ["GetRPCMethods", "GetParameterValues", "SetParameterValues", "Reboot"],
  },
  GetParameterNamesResponse: {
    method: "GetParameterNamesResponse",
    parameterList: [
      { name: "Device.WiFi.", writable: false },
      { name: "Device.WiFi.SSID.1.SSID", writable: true },
    ],
  },
  GetParameterValuesResponse: {
    method: "GetParameterValuesResponse",
    parameterList: [
      { name: "Device.WiFi.SSID.1.Enable", value: "true", type: "boolean" },
      { name: "Device.DeviceInfo.UpTime", value: "4294967295", type: "unsignedInt" },
      { name: "Device.Time.CurrentLocalTime", value: "2026-11-24T14:00:00Z", type: "dateTime" },
      { name: "Device.X_ACME_Blob", value: "aGVsbG8=", type: "base64" },
      { name: "Device.X_ACME_Big", value: "-9223372036854775808", type: "long" },
      { name: "Device.X_ACME_Ubig", value: "18446744073709551615", type: "unsignedLong" },
      { name: "Device.X_ACME_Hex", value: "0aff", type: "hexBinary" },
      { name: "Device.X_ACME_Empty", value: "", type: "string" },
    ],
  },
  SetParameterValuesResponse: { method: "SetParameterValuesResponse", status: 1 },
  GetParameterAttributesResponse: {
    method: "GetParameterAttributesResponse",
    parameterList: [
      { name: "Device.ManagementServer.ConnReqJabberID", notification: 2, accessList: [] },
      { name: "Device.WiFi.SSID.1.SSID", notification: 0, accessList: ["Subscriber"] },
    ],
  },
  SetParameterAttributesResponse: { method: "SetParameterAttributesResponse" },
  AddObjectResponse: { method: "AddObjectResponse", instanceNumber: 4, status: 0 },
  DeleteObjectResponse: { method: "DeleteObjectResponse", status: 1 },
  RebootResponse: { method: "RebootResponse" },
  DownloadResponse: {
    method: "DownloadResponse",
    status: 1,
    startTime: "0001-01-01T00:00:00Z",
    completeTime: "0001-01-01T00:00:00Z",
  },
  UploadResponse: {
    method: "UploadResponse",
    status: 0,
    startTime: "2026-11-24T10:00:00Z",
    completeTime: "2026-11-24T10:00:02Z",
  },
  FactoryResetResponse: { method: "FactoryResetResponse" },
  ScheduleInformResponse: { method: "ScheduleInformResponse" },
  ScheduleDownloadResponse: { method: "ScheduleDownloadResponse" },
  CancelTransferResponse: { method: "CancelTransferResponse" },
  ChangeDUStateResponse: { method: "ChangeDUStateResponse" },
  GetQueuedTransfersResponse: {
    method: "GetQueuedTransfersResponse",
    transferList: [{ commandKey: "fw-1", state: 2 }],
  },
  GetAllQueuedTransfersResponse: {
    method: "GetAllQueuedTransfersResponse",
    transferList: [
      {
        commandKey: "fw-1",
        state: 1,
        isDownload: true,
        fileType: "1 Firmware Upgrade Image",
        fileSize: 0,
        targetFileName: "",
      },
    ],
  },
  Fault: {
    method: "Fault",
    faultcode: "Client",
    faultstring: "CWMP fault",
    faultCode: 9003,
    faultString: "Invalid arguments",
    setParameterValuesFault: [
      { parameterName: "Device.WiFi.SSID.1.SSID", faultCode: 9007, faultString: "Invalid value" },
      { parameterName: "Device.DeviceInfo.UpTime", faultCode: 9008, faultString: "Not writable" },
    ],
  },
};

export const acsSamples: { [M in AcsMethod]: AcsMessageOf<M> } = {
  InformResponse: { method: "InformResponse", maxEnvelopes: 1 },
  TransferCompleteResponse: { method: "TransferCompleteResponse" },
  AutonomousTransferCompleteResponse: { method: "AutonomousTransferCompleteResponse" },
  GetRPCMethodsResponse: {
    method: "GetRPCMethodsResponse",
    methodList: ["Inform", "GetRPCMethods", "TransferComplete"],
  },
  RequestDownloadResponse: { method: "RequestDownloadResponse" },
  KickedResponse: { method: "KickedResponse", nextURL: "http://portal.example.com/next?x=1&y=2" },
  DUStateChangeCompleteResponse: { method: "DUStateChangeCompleteResponse" },
  AutonomousDUStateChangeCompleteResponse: { method: "AutonomousDUStateChangeCompleteResponse" },
  GetRPCMethods: { method: "GetRPCMethods" },
  GetParameterNames: {
    method: "GetParameterNames",
    parameterPath: "Device.WiFi.",
    nextLevel: true,
  },
  GetParameterValues: {
    method: "GetParameterValues",
    parameterNames: ["Device.DeviceInfo.", "Device.WiFi.SSID.1.SSID"],
  },
  SetParameterValues: {
    method: "SetParameterValues",
    parameterList: [
      { name: "Device.WiFi.SSID.1.SSID", value: "home & <away>", type: "string" },
      { name: "Device.WiFi.Radio.1.Channel", value: "11", type: "unsignedInt" },
      { name: "Device.X_ACME_Offset", value: "-3", type: "int" },
      { name: "Device.WiFi.SSID.1.Enable", value: "true", type: "boolean" },
      { name: "Device.Time.X_ACME_At", value: "2026-11-24T14:00:00Z", type: "dateTime" },
      { name: "Device.X_ACME_Cert", value: "aGVsbG8=", type: "base64" },
      { name: "Device.X_ACME_Long", value: "-1", type: "long" },
      { name: "Device.X_ACME_ULong", value: "1", type: "unsignedLong" },
      { name: "Device.X_ACME_Mac", value: "00d09e", type: "hexBinary" },
    ],
    parameterKey: "op-42",
  },
  GetParameterAttributes: {
    method: "GetParameterAttributes",
    parameterNames: ["Device.ManagementServer."],
  },
  SetParameterAttributes: {
    method: "SetParameterAttributes",
    parameterList: [
      {
        name: "Device.ManagementServer.ConnReqJabberID",
        notificationChange: true,
        notification: 2,
        accessListChange: false,
        accessList: [],
      },
      {
        name: "Device.WiFi.SSID.1.SSID",
        notificationChange: false,
        notification: 0,
        accessListChange: true,
        accessList: ["Subscriber"],
      },
    ],
  },
  AddObject: { method: "AddObject", objectName: "Device.XMPP.Connection.", parameterKey: "k1" },
  DeleteObject: {
    method: "DeleteObject",
    objectName: "Device.XMPP.Connection.2.",
    parameterKey: "k2",
  },
  Reboot: { method: "Reboot", commandKey: "reboot-1" },
  Download: {
    method: "Download",
    commandKey: "fw-2026.11",
    fileType: "1 Firmware Upgrade Image",
    url: "https://files.example.com/fw.bin?token=a&b",
    username: "dl",
    password: "p<a>ss",
    fileSize: 12345678,
    targetFileName: "fw.bin",
    delaySeconds: 0,
    successURL: "",
    failureURL: "",
  },
  Upload: {
    method: "Upload",
    commandKey: "log-1",
    fileType: "4 Vendor Log File",
    url: "https://files.example.com/upload",
    username: "",
    password: "",
    delaySeconds: 5,
  },
  FactoryReset: { method: "FactoryReset" },
  ScheduleInform: { method: "ScheduleInform", delaySeconds: 60, commandKey: "si-1" },
  ScheduleDownload: {
    method: "ScheduleDownload",
    commandKey: "sd-1",
    fileType: "1 Firmware Upgrade Image",
    url: "https://files.example.com/fw.bin",
    username: "",
    password: "",
    fileSize: 0,
    targetFileName: "",
    timeWindowList: [
      {
        windowStart: 0,
        windowEnd: 3600,
        windowMode: "1 At Any Time",
        userMessage: "",
        maxRetries: -1,
      },
      {
        windowStart: 7200,
        windowEnd: 10800,
        windowMode: "4 Confirmation Needed",
        userMessage: "Update?",
        maxRetries: 2,
      },
    ],
  },
  CancelTransfer: { method: "CancelTransfer", commandKey: "sd-1" },
  ChangeDUState: {
    method: "ChangeDUState",
    operations: [
      {
        operation: "InstallOpStruct",
        url: "https://apps.example.com/app.ipk",
        uuid: "6b0c3d2e-0f44-4a6e-9a53-2d1a5c3e9f10",
        username: "",
        password: "",
        executionEnvRef: "Device.SoftwareModules.ExecEnv.1",
      },
      {
        operation: "UpdateOpStruct",
        uuid: "6b0c3d2e-0f44-4a6e-9a53-2d1a5c3e9f10",
        version: "2.0",
        url: "https://apps.example.com/app-2.ipk",
        username: "u",
        password: "p",
      },
      {
        operation: "UninstallOpStruct",
        uuid: "6b0c3d2e-0f44-4a6e-9a53-2d1a5c3e9f10",
        version: "",
        executionEnvRef: "",
      },
    ],
    commandKey: "du-1",
  },
  GetQueuedTransfers: { method: "GetQueuedTransfers" },
  GetAllQueuedTransfers: { method: "GetAllQueuedTransfers" },
  Fault: {
    method: "Fault",
    faultcode: "Server",
    faultstring: "CWMP fault",
    faultCode: 8000,
    faultString: "Method not supported: X_Foo",
    setParameterValuesFault: [],
  },
};
