import type { DataModel, ParamSpec, TreeWriter } from "./data-model.ts";
import { type DeviceProfile, macAddress } from "./device-profile.ts";
import type { XmppObjectVariant } from "./misbehaviours.ts";
import { ro, rw } from "./param-spec.ts";

/** Adds `base + name` for every entry. */
function params(tree: TreeWriter, base: string, specs: Record<string, ParamSpec>): void {
  for (const [name, spec] of Object.entries(specs)) tree.param(`${base}${name}`, spec);
}

function stats(tree: TreeWriter, base: string, seed: number): void {
  tree.object(`${base}Stats.`);
  params(tree, `${base}Stats.`, {
    BytesSent: ro("unsignedLong", String(1_000_000 * seed + 4711)),
    BytesReceived: ro("unsignedLong", String(9_000_000 * seed + 815)),
    PacketsSent: ro("unsignedLong", String(12_000 * seed)),
    PacketsReceived: ro("unsignedLong", String(48_000 * seed)),
    ErrorsSent: ro("unsignedInt", "0"),
    ErrorsReceived: ro("unsignedInt", String(seed)),
  });
}

const bands = ["2.4GHz", "5GHz"] as const;
const enabledStatus = ro("string", "Up", { enumeration: ["Up", "Down", "Unknown", "Error"] });

/** TR-181 WiFi: two fixed radios, SSIDs and access points the ACS may add. */
export function addWifi(tree: DataModel, profile: DeviceProfile): void {
  tree.object("Device.WiFi.");
  tree.table(
    "Device.WiFi.Radio.",
    {
      countParam: "Device.WiFi.RadioNumberOfEntries",
      addable: false,
      undeletable: [1, 2],
      populate: (t, base, i) =>
        params(t, base, {
          Enable: rw("boolean", "true"),
          Status: enabledStatus,
          Name: ro("string", `wl${i - 1}`),
          OperatingFrequencyBand: rw("string", bands[i - 1] ?? "5GHz", { enumeration: bands }),
          SupportedFrequencyBands: ro("string", bands[i - 1] ?? "5GHz"),
          OperatingStandards: rw("string", i === 1 ? "b,g,n,ax" : "a,n,ac,ax"),
          Channel: rw("unsignedInt", i === 1 ? "6" : "36"),
          AutoChannelEnable: rw("boolean", "true"),
          TransmitPower: rw("int", "-1"),
          RegulatoryDomain: rw("string", "DE "),
        }),
    },
    2,
  );
  tree.table(
    "Device.WiFi.SSID.",
    {
      countParam: "Device.WiFi.SSIDNumberOfEntries",
      addable: true,
      maxEntries: 8,
      populate: (t, base, i) => {
        params(t, base, {
          Enable: rw("boolean", i <= 2 ? "true" : "false"),
          Status: enabledStatus,
          Alias: rw("string", `cpe-ssid-${i}`),
          Name: ro("string", `wl${i - 1}`),
          LowerLayers: rw("string", `Device.WiFi.Radio.${i <= 2 ? i : 1}`),
          BSSID: ro("string", macAddress(profile.serialNumber, `bssid${i}`)),
          MACAddress: ro("string", macAddress(profile.serialNumber, `bssid${i}`)),
          SSID: rw("string", `SIM-${profile.serialNumber.slice(-4)}-${i}`),
        });
        stats(t, base, i);
      },
    },
    2,
  );
  tree.table(
    "Device.WiFi.AccessPoint.",
    {
      countParam: "Device.WiFi.AccessPointNumberOfEntries",
      addable: true,
      maxEntries: 8,
      populate: (t, base, i) => {
        params(t, base, {
          Enable: rw("boolean", i <= 2 ? "true" : "false"),
          Status: ro("string", "Enabled"),
          Alias: rw("string", `cpe-ap-${i}`),
          SSIDReference: rw("string", `Device.WiFi.SSID.${i}`),
          SSIDAdvertisementEnabled: rw("boolean", "true"),
          AssociatedDeviceNumberOfEntries: ro("unsignedInt", "0"),
        });
        t.object(`${base}Security.`);
        params(t, `${base}Security.`, {
          ModesSupported: ro("string", "None,WPA2-Personal,WPA3-Personal,WPA2-WPA3-Personal"),
          ModeEnabled: rw("string", "WPA2-Personal", {
            enumeration: ["None", "WPA2-Personal", "WPA3-Personal", "WPA2-WPA3-Personal"],
          }),
          KeyPassphrase: rw("string", `pass-${profile.serialNumber}`, { hidden: true }),
        });
        t.object(`${base}WPS.`);
        t.param(`${base}WPS.Enable`, rw("boolean", "false"));
      },
    },
    2,
  );
}

/** TR-181 Hosts: LAN clients the gateway has seen; read-only, no AddObject. */
export function addHosts(tree: DataModel, profile: DeviceProfile): void {
  tree.object("Device.Hosts.");
  const names = ["laptop", "phone", "tv"];
  tree.table(
    "Device.Hosts.Host.",
    {
      countParam: "Device.Hosts.HostNumberOfEntries",
      addable: false,
      populate: (t, base, i) =>
        params(t, base, {
          PhysAddress: ro("string", macAddress(profile.serialNumber, `host${i}`)),
          IPAddress: ro("string", `192.168.1.${99 + i}`),
          AddressSource: ro("string", "DHCP"),
          LeaseTimeRemaining: ro("int", String(3600 * i)),
          HostName: ro("string", names[i - 1] ?? `host-${i}`),
          Active: ro("boolean", i === 3 ? "false" : "true"),
          Layer1Interface: ro(
            "string",
            i === 1 ? "Device.Ethernet.Interface.1" : "Device.WiFi.SSID.1",
          ),
          Layer3Interface: ro("string", "Device.IP.Interface.2"),
        }),
    },
    names.length,
  );
}

/** TR-181 IP: a WAN and a LAN interface, each with one IPv4 address. */
export function addIp(tree: DataModel): void {
  tree.object("Device.IP.");
  params(tree, "Device.IP.", {
    IPv4Capable: ro("boolean", "true"),
    IPv4Enable: rw("boolean", "true"),
    IPv4Status: ro("string", "Enabled"),
    IPv6Capable: ro("boolean", "false"),
  });
  const addresses = ["203.0.113.10", "192.168.1.1"];
  tree.table(
    "Device.IP.Interface.",
    {
      countParam: "Device.IP.InterfaceNumberOfEntries",
      addable: true,
      maxEntries: 4,
      populate: (t, base, i) => {
        params(t, base, {
          Enable: rw("boolean", "true"),
          Status: enabledStatus,
          Alias: rw("string", `cpe-ip-${i}`),
          Name: ro("string", i === 1 ? "wan" : i === 2 ? "lan" : `ip${i}`),
          LowerLayers: rw("string", ""),
          Type: ro("string", "Normal"),
          Loopback: rw("boolean", "false"),
        });
        t.table(
          `${base}IPv4Address.`,
          {
            countParam: `${base}IPv4AddressNumberOfEntries`,
            addable: true,
            maxEntries: 4,
            populate: (tt, addressBase, j) =>
              params(tt, addressBase, {
                Enable: rw("boolean", "true"),
                Status: ro("string", "Enabled"),
                IPAddress: rw("string", j === 1 ? (addresses[i - 1] ?? "") : ""),
                SubnetMask: rw("string", "255.255.255.0"),
                AddressingType: ro("string", i === 1 ? "DHCP" : "Static"),
              }),
          },
          i <= 2 ? 1 : 0,
        );
        stats(t, base, i);
      },
    },
    2,
  );
}

/**
 * TR-181 XMPP (Annex K): connections and their server tables. The "no-server-table" variant
 * is the older object without Connection.{i}.Server. and ServerConnectAlgorithm.
 */
export function addXmpp(tree: DataModel, variant: XmppObjectVariant): void {
  const fixed = variant === "fixed-instance";
  const withServers = variant !== "no-server-table";
  tree.object("Device.XMPP.");
  if (withServers) {
    tree.param("Device.XMPP.SupportedServerConnectAlgorithms", ro("string", "DNS-SRV,ServerTable"));
  }
  tree.table(
    "Device.XMPP.Connection.",
    {
      countParam: "Device.XMPP.ConnectionNumberOfEntries",
      addable: !fixed,
      maxEntries: 2,
      undeletable: fixed ? [1] : [],
      populate: (t, base, i) => {
        params(t, base, xmppConnectionParams(i));
        if (withServers) addXmppServers(t, base);
      },
    },
    fixed ? 1 : 0,
  );
}

const algorithms = ["DNS-SRV", "DNS", "ServerTable", "WebSocket"];
const statuses = ["Enabled", "Disabled", "Unknown", "Dormant", "Connecting"];

function xmppConnectionParams(i: number): Record<string, ParamSpec> {
  return {
    Enable: rw("boolean", "false"),
    Alias: rw("string", `cpe-xmpp-${i}`),
    Username: rw("string", ""),
    Password: rw("string", "", { hidden: true }),
    Domain: rw("string", ""),
    Resource: rw("string", ""),
    // Set by the device once the server bound the resource (RFC 6120 section 7).
    JabberID: ro("string", ""),
    Status: ro("string", "Disabled", { enumeration: statuses }),
    LastChangeDate: ro("dateTime", "0001-01-01T00:00:00Z"),
    KeepAliveInterval: rw("int", "-1"),
    ServerConnectAttempts: rw("unsignedInt", "16"),
    ServerRetryInitialInterval: rw("unsignedInt", "60"),
    ServerRetryIntervalMultiplier: rw("unsignedInt", "2000"),
    ServerRetryMaxInterval: rw("unsignedInt", "30720"),
    UseTLS: rw("boolean", "false"),
    TLSEstablished: ro("boolean", "false"),
  };
}

function addXmppServers(tree: TreeWriter, base: string): void {
  tree.param(`${base}ServerConnectAlgorithm`, rw("string", "DNS-SRV", { enumeration: algorithms }));
  tree.table(
    `${base}Server.`,
    {
      countParam: `${base}ServerNumberOfEntries`,
      addable: true,
      maxEntries: 4,
      populate: (t, serverBase, j) =>
        params(t, serverBase, {
          Enable: rw("boolean", "false"),
          Alias: rw("string", `cpe-server-${j}`),
          Priority: rw("unsignedInt", "0"),
          Weight: rw("int", "-1"),
          ServerAddress: rw("string", ""),
          Port: rw("unsignedInt", "5222"),
        }),
    },
    1,
  );
}
