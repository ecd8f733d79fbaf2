import { addBulkData } from "./bulk-data-tree.ts";
import { createDataModel, type DataModel, type ParamSpec } from "./data-model.ts";
import type { DeviceProfile } from "./device-profile.ts";
import { addHosts, addIp, addWifi, addXmpp } from "./device-tree-tables.ts";
import { addDiagnostics } from "./diagnostics-tree.ts";
import { CpeFaultError } from "./errors.ts";
import type { XmppObjectVariant } from "./misbehaviours.ts";
import { ro, rw } from "./param-spec.ts";
import { formatDateTime } from "./param-value.ts";
import { addSoftwareModules } from "./software-modules.ts";

export interface DeviceTreeOptions {
  readonly profile: DeviceProfile;
  /** Seconds since the last boot, for DeviceInfo.UpTime. */
  readonly uptimeSeconds: () => number;
  /** Milliseconds since the epoch, for Time.CurrentLocalTime. */
  readonly now: () => number;
  /** @default "fixed-instance" when profile.fixedXmppConnection, else "standard" */
  readonly xmppObject?: XmppObjectVariant;
}

/**
 * A TR-181 Issue 2 `Device.` tree of a home gateway (about 200 parameters):
 * the objects an ACS touches first (DeviceInfo, ManagementServer), the
 * multi-instance tables it manages (WiFi, IP, XMPP) and read-only status
 * tables (Hosts).
 */
export function buildDeviceTree(options: DeviceTreeOptions): DataModel {
  const { profile } = options;
  const tree = createDataModel({ root: "Device." });
  tree.object("Device.");
  tree.param("Device.RootDataModelVersion", ro("string", "2.12"));
  tree.param("Device.InterfaceStackNumberOfEntries", ro("unsignedInt", "0"));
  addDeviceInfo(tree, options);
  addManagementServer(tree, profile);
  addTime(tree, options);
  addWifi(tree, profile);
  addHosts(tree, profile);
  addIp(tree);
  addDiagnostics(tree);
  addXmpp(
    tree,
    options.xmppObject ?? (profile.fixedXmppConnection ? "fixed-instance" : "standard"),
  );
  addSoftwareModules(tree);
  addBulkData(tree);
  return tree;
}

function addDeviceInfo(tree: DataModel, options: DeviceTreeOptions): void {
  const { profile } = options;
  const base = "Device.DeviceInfo.";
  tree.object(base);
  const params: Record<string, ParamSpec> = {
    Manufacturer: ro("string", profile.manufacturer),
    ManufacturerOUI: ro("string", profile.oui),
    ModelName: ro("string", profile.modelName),
    Description: ro("string", `${profile.manufacturer} simulated residential gateway`),
    ProductClass: ro("string", profile.productClass),
    SerialNumber: ro("string", profile.serialNumber),
    HardwareVersion: ro("string", profile.hardwareVersion),
    SoftwareVersion: ro("string", profile.softwareVersion),
    AdditionalHardwareVersion: ro("string", ""),
    AdditionalSoftwareVersion: ro("string", ""),
    ProvisioningCode: rw("string", ""),
    UpTime: ro("unsignedInt", "0", {
      compute: () => String(Math.floor(options.uptimeSeconds())),
      denyActiveNotification: true,
    }),
    FirstUseDate: ro("dateTime", "0001-01-01T00:00:00Z"),
    VendorConfigFileNumberOfEntries: ro("unsignedInt", "0"),
    SupportedDataModelNumberOfEntries: ro("unsignedInt", "0"),
    ProcessorNumberOfEntries: ro("unsignedInt", "0"),
  };
  for (const [name, spec] of Object.entries(params)) tree.param(`${base}${name}`, spec);
  tree.object(`${base}MemoryStatus.`);
  tree.param(`${base}MemoryStatus.Total`, ro("unsignedInt", "262144"));
  tree.param(`${base}MemoryStatus.Free`, ro("unsignedInt", "131072"));
  tree.object(`${base}ProcessStatus.`);
  tree.param(`${base}ProcessStatus.CPUUsage`, ro("unsignedInt", "7"));
  tree.param(`${base}ProcessStatus.ProcessNumberOfEntries`, ro("unsignedInt", "0"));
}

function addManagementServer(tree: DataModel, profile: DeviceProfile): void {
  const base = "Device.ManagementServer.";
  tree.object(base);
  const params: Record<string, ParamSpec> = {
    EnableCWMP: rw("boolean", "true"),
    URL: rw("string", profile.acsUrl),
    Username: rw("string", profile.acsUsername),
    Password: rw("string", profile.acsPassword, { hidden: true }),
    ScheduleReboot: rw("dateTime", "0001-01-01T00:00:00Z"),
    DelayReboot: rw("int", "-1"),
    PeriodicInformEnable: rw("boolean", String(profile.periodicInformEnable)),
    PeriodicInformInterval: rw("unsignedInt", String(profile.periodicInformIntervalSec)),
    PeriodicInformTime: rw("dateTime", "0001-01-01T00:00:00Z"),
    ParameterKey: ro("string", ""),
    ConnectionRequestURL: ro("string", ""),
    ConnectionRequestUsername: rw("string", profile.connectionRequestUsername),
    ConnectionRequestPassword: rw("string", profile.connectionRequestPassword, { hidden: true }),
    UpgradesManaged: rw("boolean", "false"),
    DefaultActiveNotificationThrottle: rw("unsignedInt", "0"),
    CWMPRetryMinimumWaitInterval: rw("unsignedInt", "5"),
    CWMPRetryIntervalMultiplier: rw("unsignedInt", "2000"),
    HTTPConnectionRequestEnable: rw("boolean", "true"),
    AliasBasedAddressing: ro("boolean", "false"),
    InstanceMode: rw("string", "InstanceNumber", {
      enumeration: ["InstanceNumber", "InstanceAlias"],
    }),
    AutoCreateInstances: rw("boolean", "false"),
    SupportedConnReqMethods: ro("string", "HTTP,XMPP,STUN"),
    ConnReqXMPPConnection: rw("string", ""),
    ConnReqAllowedJabberIDs: rw("string", ""),
    // Annex K: the JabberID of the connection ConnReqXMPPConnection points to; empty
    // when that reference is empty or the connection disabled. Notification forced on.
    ConnReqJabberID: ro("string", "", { compute: connReqJabberId, forcedNotification: true }),
    ManageableDeviceNumberOfEntries: ro("unsignedInt", "0"),
    // TR-069 Annex G / TR-111 Part 2: the STUN client (cpe-stun-client.ts) and what it learns.
    UDPConnectionRequestAddress: ro("string", ""),
    STUNEnable: rw("boolean", "false"),
    STUNServerAddress: rw("string", ""),
    STUNServerPort: rw("unsignedInt", "3478"),
    STUNUsername: rw("string", ""),
    STUNPassword: rw("string", "", { hidden: true }),
    STUNMaximumKeepAlivePeriod: rw("int", "-1"),
    STUNMinimumKeepAlivePeriod: rw("unsignedInt", "0"),
    NATDetected: ro("boolean", "false"),
  };
  for (const [name, spec] of Object.entries(params)) tree.param(`${base}${name}`, spec);
}

function connReqJabberId(read: (path: string) => string): string {
  const reference = read("Device.ManagementServer.ConnReqXMPPConnection").replace(/\.$/, "");
  if (reference === "") return "";
  try {
    return read(`${reference}.Enable`) === "true" ? read(`${reference}.JabberID`) : "";
  } catch (error) {
    if (error instanceof CpeFaultError) return "";
    throw error;
  }
}

function addTime(tree: DataModel, options: DeviceTreeOptions): void {
  tree.object("Device.Time.");
  tree.param("Device.Time.Enable", rw("boolean", "true"));
  tree.param("Device.Time.Status", ro("string", "Synchronized"));
  tree.param("Device.Time.NTPServer1", rw("string", "pool.ntp.org"));
  tree.param("Device.Time.NTPServer2", rw("string", ""));
  tree.param(
    "Device.Time.CurrentLocalTime",
    ro("dateTime", "", {
      compute: () => formatDateTime(options.now()),
      denyActiveNotification: true,
    }),
  );
  tree.param("Device.Time.LocalTimeZone", rw("string", "CET-1CEST,M3.5.0,M10.5.0/3"));
}
