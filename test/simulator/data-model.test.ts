import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DataModel } from "../../functions/simulator/data-model.ts";
import { completeProfile } from "../../functions/simulator/device-profile.ts";
import { buildDeviceTree } from "../../functions/simulator/device-tree.ts";
import { CpeFaultError } from "../../functions/simulator/errors.ts";

function tree(overrides: { fixedXmppConnection?: boolean } = {}): DataModel {
  return buildDeviceTree({
    profile: completeProfile({ serialNumber: "D1", acsUrl: "http://127.0.0.1:1/", ...overrides }),
    uptimeSeconds: () => 42.7,
    now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
  });
}

function faultOf(work: () => unknown): CpeFaultError {
  try {
    work();
  } catch (error) {
    if (error instanceof CpeFaultError) return error;
    throw error;
  }
  assert.fail("expected a CpeFaultError");
}

const names = (model: DataModel, path: string, nextLevel: boolean) =>
  model.getParameterNames(path, nextLevel).map((info) => info.name);

describe("data model", () => {
  describe("layout", () => {
    it("holds a TR-181 tree of 150 to 350 parameters", () => {
      const count = tree().parameterCount();
      assert.ok(count >= 150 && count <= 350, `parameter count ${count}`);
    });

    it("keeps every NumberOfEntries equal to the instances present", () => {
      const model = tree({ fixedXmppConnection: true });
      const all = names(model, "", false);
      for (const [table, count] of [
        ["Device.WiFi.Radio.", "Device.WiFi.RadioNumberOfEntries"],
        ["Device.WiFi.SSID.", "Device.WiFi.SSIDNumberOfEntries"],
        ["Device.Hosts.Host.", "Device.Hosts.HostNumberOfEntries"],
        ["Device.IP.Interface.1.IPv4Address.", "Device.IP.Interface.1.IPv4AddressNumberOfEntries"],
        ["Device.XMPP.Connection.", "Device.XMPP.ConnectionNumberOfEntries"],
        ["Device.XMPP.Connection.1.Server.", "Device.XMPP.Connection.1.ServerNumberOfEntries"],
      ] as const) {
        const instances = all.filter((name) =>
          new RegExp(`^${table.replaceAll(".", "\\.")}\\d+\\.$`).test(name),
        );
        assert.equal(model.read(count), String(instances.length), count);
        assert.ok(instances.length > 0, table);
      }
    });
  });

  describe("getParameterNames", () => {
    it("lists only direct children with NextLevel true", () => {
      assert.deepEqual(names(tree(), "Device.IP.Interface.1.IPv4Address.", true), [
        "Device.IP.Interface.1.IPv4Address.1.",
      ]);
      const children = names(tree(), "Device.ManagementServer.", true);
      assert.ok(children.includes("Device.ManagementServer.URL"));
      assert.ok(
        children.every((name) => !name.slice("Device.ManagementServer.".length).includes(".")),
      );
    });

    it("lists the object itself and its whole subtree with NextLevel false", () => {
      const list = names(tree(), "Device.IP.Interface.1.IPv4Address.", false);
      assert.equal(list[0], "Device.IP.Interface.1.IPv4Address.");
      assert.ok(list.includes("Device.IP.Interface.1.IPv4Address.1."));
      assert.ok(list.includes("Device.IP.Interface.1.IPv4Address.1.IPAddress"));
    });

    it("answers the empty path with the root object at the next level", () => {
      assert.deepEqual(tree().getParameterNames("", true), [{ name: "Device.", writable: false }]);
    });

    it("reports writability of parameters, tables and instances", () => {
      const info = tree().getParameterNames("Device.WiFi.", false);
      const writable = (name: string) => info.find((entry) => entry.name === name)?.writable;
      assert.equal(writable("Device.WiFi.SSID."), true);
      assert.equal(writable("Device.WiFi.Radio."), false);
      assert.equal(writable("Device.WiFi.SSID.1.SSID"), true);
      assert.equal(writable("Device.WiFi.SSID.1.BSSID"), false);
    });

    it("faults 9003 for NextLevel true on a parameter and 9005 for an unknown path", () => {
      assert.equal(
        faultOf(() => tree().getParameterNames("Device.DeviceInfo.UpTime", true)).faultCode,
        9003,
      );
      assert.equal(faultOf(() => tree().getParameterNames("Device.Nope.", false)).faultCode, 9005);
    });
  });

  describe("getParameterValues", () => {
    it("returns a whole subtree for a partial path, typed, with hidden values empty", () => {
      const values = tree().getParameterValues(["Device.ManagementServer."]);
      const byName = new Map(values.map((value) => [value.name, value]));
      assert.deepEqual(byName.get("Device.ManagementServer.PeriodicInformInterval"), {
        name: "Device.ManagementServer.PeriodicInformInterval",
        value: "3600",
        type: "unsignedInt",
      });
      assert.equal(byName.get("Device.ManagementServer.ConnectionRequestPassword")?.value, "");
      assert.equal(
        byName.get("Device.ManagementServer.SupportedConnReqMethods")?.value,
        "HTTP,XMPP,STUN",
      );
    });

    it("computes derived values on read", () => {
      const values = tree().getParameterValues([
        "Device.DeviceInfo.UpTime",
        "Device.Time.CurrentLocalTime",
      ]);
      assert.deepEqual(
        values.map((value) => value.value),
        ["42", "2026-01-02T03:04:05Z"],
      );
    });

    it("faults 9005 for an unknown name", () => {
      assert.equal(
        faultOf(() => tree().getParameterValues(["Device.DeviceInfo.Nope"])).faultCode,
        9005,
      );
    });
  });

  describe("setParameterValues", () => {
    it("normalises and stores valid values", () => {
      const model = tree();
      model.setParameterValues([
        { name: "Device.ManagementServer.PeriodicInformEnable", value: "0", type: "boolean" },
        { name: "Device.WiFi.Radio.1.TransmitPower", value: "+20", type: "int" },
      ]);
      assert.equal(model.read("Device.ManagementServer.PeriodicInformEnable"), "false");
      assert.equal(model.read("Device.WiFi.Radio.1.TransmitPower"), "20");
    });

    it("changes nothing and lists every bad entry when one fails (all or nothing)", () => {
      // Prepare
      const model = tree();
      // Act
      const fault = faultOf(() =>
        model.setParameterValues([
          { name: "Device.WiFi.SSID.1.SSID", value: "ok", type: "string" },
          { name: "Device.DeviceInfo.SerialNumber", value: "x", type: "string" },
          { name: "Device.WiFi.SSID.1.Enable", value: "maybe", type: "boolean" },
          { name: "Device.WiFi.SSID.1.Nope", value: "1", type: "string" },
          { name: "Device.WiFi.Radio.1.Channel", value: "true", type: "boolean" },
          { name: "Device.WiFi.AccessPoint.1.Security.ModeEnabled", value: "WEP", type: "string" },
        ]),
      );
      // Assess
      assert.equal(fault.faultCode, 9003);
      assert.deepEqual(
        fault.entries.map((entry) => [entry.parameterName, entry.faultCode]),
        [
          ["Device.DeviceInfo.SerialNumber", 9008],
          ["Device.WiFi.SSID.1.Enable", 9007],
          ["Device.WiFi.SSID.1.Nope", 9005],
          ["Device.WiFi.Radio.1.Channel", 9006],
          ["Device.WiFi.AccessPoint.1.Security.ModeEnabled", 9007],
        ],
      );
      assert.equal(model.read("Device.WiFi.SSID.1.SSID"), "SIM-D1-1");
    });

    it("rejects unsignedInt out of range and malformed dateTime with 9007", () => {
      const fault = faultOf(() =>
        tree().setParameterValues([
          {
            name: "Device.ManagementServer.PeriodicInformInterval",
            value: "-1",
            type: "unsignedInt",
          },
          {
            name: "Device.ManagementServer.PeriodicInformTime",
            value: "yesterday",
            type: "dateTime",
          },
        ]),
      );
      assert.deepEqual(
        fault.entries.map((entry) => entry.faultCode),
        [9007, 9007],
      );
    });
  });

  describe("attributes", () => {
    it("stores notification and access list for a subtree", () => {
      const model = tree();
      model.setParameterAttributes([
        {
          name: "Device.WiFi.SSID.1.",
          notificationChange: true,
          notification: 2,
          accessListChange: true,
          accessList: ["Subscriber"],
        },
      ]);
      const attributes = model.getParameterAttributes([
        "Device.WiFi.SSID.1.SSID",
        "Device.WiFi.SSID.2.SSID",
      ]);
      assert.deepEqual(attributes, [
        { name: "Device.WiFi.SSID.1.SSID", notification: 2, accessList: ["Subscriber"] },
        { name: "Device.WiFi.SSID.2.SSID", notification: 0, accessList: [] },
      ]);
    });

    it("refuses active notification on UpTime and turning off ConnReqJabberID's with 9009", () => {
      const set = (name: string, notification: number) => () =>
        tree().setParameterAttributes([
          { name, notificationChange: true, notification, accessListChange: false, accessList: [] },
        ]);
      assert.equal(faultOf(set("Device.DeviceInfo.UpTime", 2)).faultCode, 9009);
      assert.equal(faultOf(set("Device.ManagementServer.ConnReqJabberID", 0)).faultCode, 9009);
      assert.equal(
        tree().getParameterAttributes(["Device.ManagementServer.ConnReqJabberID"])[0]?.notification,
        2,
      );
    });
  });

  describe("addObject / deleteObject", () => {
    it("creates a populated instance and updates NumberOfEntries", () => {
      const model = tree();
      const instance = model.addObject("Device.WiFi.SSID.");
      assert.equal(instance, 3);
      assert.equal(model.read("Device.WiFi.SSIDNumberOfEntries"), "3");
      assert.equal(model.read("Device.WiFi.SSID.3.Enable"), "false");
    });

    it("deletes an instance with its subtree and never reuses its number", () => {
      const model = tree();
      model.deleteObject("Device.IP.Interface.2.");
      assert.equal(model.read("Device.IP.InterfaceNumberOfEntries"), "1");
      assert.equal(
        faultOf(() => model.read("Device.IP.Interface.2.IPv4Address.1.IPAddress")).faultCode,
        9005,
      );
      assert.equal(model.addObject("Device.IP.Interface."), 3);
      assert.equal(model.read("Device.IP.Interface.3.IPv4AddressNumberOfEntries"), "0");
    });

    it("adds nested instances to their own table", () => {
      const model = tree();
      assert.equal(model.addObject("Device.IP.Interface.1.IPv4Address."), 2);
      assert.equal(model.read("Device.IP.Interface.1.IPv4AddressNumberOfEntries"), "2");
      assert.equal(model.read("Device.IP.Interface.2.IPv4AddressNumberOfEntries"), "1");
    });

    it("refuses fixed and unknown tables and instances", () => {
      const model = tree();
      assert.equal(faultOf(() => model.addObject("Device.WiFi.Radio.")).faultCode, 9005);
      assert.equal(faultOf(() => model.addObject("Device.DeviceInfo.")).faultCode, 9005);
      assert.equal(faultOf(() => model.deleteObject("Device.WiFi.SSID.9.")).faultCode, 9005);
      assert.equal(faultOf(() => model.deleteObject("Device.WiFi.Radio.1.")).faultCode, 9001);
    });

    it("faults 9004 beyond the table's capacity", () => {
      const model = tree();
      for (let i = 0; i < 6; i += 1) model.addObject("Device.WiFi.SSID.");
      assert.equal(faultOf(() => model.addObject("Device.WiFi.SSID.")).faultCode, 9004);
    });
  });
});
