import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "puppeteer-core";
import {
  type ConsoleBrowser,
  chromium,
  leafValueIs,
  openTreePath,
  startConsoleBrowser,
  withScreenshotOnFailure,
} from "../support/console-browser.ts";
import { until } from "../support/until.ts";

const serialNumber = "CONSOLEDEV1";
const xmppStates = [
  "ready",
  "not-provisioned",
  "not-supported",
  "provisioning",
  "profile-faulted",
  "account-refused",
  "connecting",
  "connection-error",
];

/**
 * The console's device page in chromium against the local ACS and a simulated CPE: the
 * parameter tree opens one level at a time (with the keyboard too), a value changed on the CPE
 * behind the ACS's back arrives after "Refresh this subtree" (GetParameterValues of the partial
 * path with a connection request, TR-069 A.3.2.2) with a new learnedAt; the XMPP readiness
 * block and the profile standing table show what the API says.
 */
describe("the console's device page in chromium", { skip: chromium.skip }, () => {
  let consoleBrowser: ConsoleBrowser;
  let page: Page;

  before(async () => {
    // Per-device CR credentials: a built-in profile every CPE gets, so the standing has a row.
    consoleBrowser = await startConsoleBrowser({
      serialNumber,
      env: {
        ACS_CR_CREDENTIALS: "per-device",
        ACS_SECRETS_KEY: Buffer.alloc(32, 0xa1).toString("base64"),
      },
    });
    page = consoleBrowser.page;
    await until("the built-in profile converged", async () => {
      const device = await consoleBrowser.rig.acs.api("GET", `${deviceApiPath()}?depth=1`);
      const standing: { status: string }[] = device.body.provisioning;
      return standing.length > 0 && standing.every((row) => row.status === "converged")
        ? true
        : undefined;
    });
  });

  after(async () => {
    await consoleBrowser?.stop();
  });

  const deviceApiPath = () => `/devices/${encodeURIComponent(consoleBrowser.deviceId)}`;
  /** A fresh load of the device page (a hash URL already shown would not load again). */
  const openDevicePage = async () => {
    await page.goto("about:blank");
    await page.goto(devicePage());
  };
  const devicePage = () =>
    new URL(
      `#/devices/${encodeURIComponent(consoleBrowser.deviceId)}`,
      consoleBrowser.rig.acs.consoleUrl,
    ).href;

  it("opens the tree level by level and shows a leaf's value and type", async () => {
    await withScreenshotOnFailure(page, "device-tree", async () => {
      // Prepare
      await openDevicePage();
      // Act: open Device. with a click, Device.DeviceInfo. with the keyboard
      await openTreePath(page, ["Device."]);
      const toggle = 'li[data-object="Device.DeviceInfo."] > button.tree-toggle';
      await page.waitForSelector(toggle);
      await page.focus(toggle);
      await page.keyboard.press("Enter");
      // Assess: the software version the CPE informed is shown, and only DeviceInfo's own leaves
      const version = consoleBrowser.cpe.model().read("Device.DeviceInfo.SoftwareVersion");
      await page.waitForFunction(leafValueIs("Device.DeviceInfo.SoftwareVersion", version), {
        timeout: 10_000,
      });
      assert.equal(
        await page.$eval(toggle, (button) => button.getAttribute("aria-expanded")),
        "true",
      );
      const names = await page.$$eval(
        'li[data-object="Device.DeviceInfo."] tr[data-name]',
        (rows) => rows.map((row) => row.getAttribute("data-name") ?? ""),
      );
      assert.ok(names.length > 0);
      assert.ok(
        names.every((name) => /^Device\.DeviceInfo\.[^.]+$/.test(name)),
        names.join(),
      );
      const row = 'tr[data-name="Device.DeviceInfo.ProvisioningCode"]';
      const cells = await page.$$eval(`${row} td`, (tds) => tds.map((td) => td.textContent));
      // As the CPE named it in its GetParameterValuesResponse or Inform.
      assert.match(cells[2] ?? "", /string$/);
    });
  });

  it("refreshes a subtree from the CPE and shows the new value and learnedAt", async () => {
    await withScreenshotOnFailure(page, "device-refresh", async () => {
      // Prepare: the tree open on DeviceInfo, then a value changed on the CPE alone
      await openDevicePage();
      await openTreePath(page, ["Device.", "Device.DeviceInfo."]);
      const name = "Device.DeviceInfo.ProvisioningCode";
      const learned = `tr[data-name="${name}"] td.learned time`;
      await page.waitForSelector(learned);
      const learnedBefore = await page.$eval(learned, (time) => time.getAttribute("datetime"));
      const value = `behind-the-acs-${Date.now()}`;
      consoleBrowser.cpe.model().setInternal(name, value);
      assert.equal(await page.evaluate(leafValueIs(name, value)), false);
      // Act
      await page.click('li[data-object="Device.DeviceInfo."] > button.refresh');
      // Assess: the task ends done in the page, and the row shows the CPE's value, newly learned
      const status = 'li[data-object="Device.DeviceInfo."] > .refresh-status strong';
      await page.waitForFunction(
        `document.querySelector(${JSON.stringify(status)})?.textContent === "done"`,
        { timeout: 30_000 },
      );
      await page.waitForFunction(leafValueIs(name, value), { timeout: 10_000 });
      const learnedAfter = await page.$eval(learned, (time) => time.getAttribute("datetime"));
      const marked = await page.$eval(`tr[data-name="${name}"]`, (row) => row.className);
      assert.equal(marked, "changed", "a value the refresh brought in is highlighted");
      assert.notEqual(learnedAfter, learnedBefore);
      const tasks = await consoleBrowser.rig.acs.api("GET", `${deviceApiPath()}/tasks`);
      const fetch = tasks.body.tasks.find(
        (task: { name: string }) => task.name === "getParameterValues",
      );
      assert.deepEqual(fetch?.task.parameterNames, ["Device.DeviceInfo."]);
      assert.equal(fetch?.status, "done");
    });
  });

  it("opens the set-value form from a writable leaf with its name and value filled in", async () => {
    await withScreenshotOnFailure(page, "device-set-from-tree", async () => {
      // Prepare: the ACS learns DeviceInfo's writability (GetParameterNames, TR-069 A.3.2.3)
      const name = "Device.DeviceInfo.ProvisioningCode";
      const learned = await consoleBrowser.rig.acs.api(
        "POST",
        `${deviceApiPath()}/tasks?connectionRequest=true&wait=20`,
        {
          body: { name: "getParameterNames", parameterPath: "Device.DeviceInfo.", nextLevel: true },
        },
      );
      assert.equal(learned.body.status, "done", JSON.stringify(learned.body));
      await openDevicePage();
      await openTreePath(page, ["Device.", "Device.DeviceInfo."]);
      const edit = `tr[data-name="${name}"] button.edit`;
      await page.waitForSelector(edit, { timeout: 10_000 });
      const shown = await page.$eval(`tr[data-name="${name}"] td.value`, (td) => td.textContent);
      // Act
      await page.click(edit);
      // Assess: the form names the parameter, holds its value, and has the focus on the value
      await page.waitForFunction(
        `document.querySelector('input[name="parameter"]')?.value === ${JSON.stringify(name)}`,
        { timeout: 5_000 },
      );
      const form = await page.evaluate(`({
        value: document.querySelector('input[name="value"]').value,
        focused: document.activeElement?.getAttribute("name"),
      })`);
      assert.deepEqual(form, { value: shown, focused: "value" });
    });
  });

  it("shows the XMPP readiness state and each profile's standing", async () => {
    await withScreenshotOnFailure(page, "device-standing", async () => {
      // Prepare
      const device = await consoleBrowser.rig.acs.api("GET", `${deviceApiPath()}?depth=1`);
      const expected = device.body.provisioning.map((row: { profile: string; status: string }) => [
        row.profile,
        row.status,
      ]);
      // Act
      await openDevicePage();
      await page.waitForSelector('dd[data-xmpp="state"]');
      // Assess
      const state = await page.$eval('dd[data-xmpp="state"]', (dd) => dd.textContent ?? "");
      assert.ok(xmppStates.includes(state), state);
      assert.equal(state, device.body.xmppConnectionRequest.state);
      const rows = await page.$$eval("tr[data-standing]", (trs) =>
        trs.map((tr) => [
          tr.getAttribute("data-standing"),
          tr.querySelector(".status")?.textContent,
        ]),
      );
      assert.ok(expected.length > 0, "the built-in profiles are listed");
      assert.deepEqual(rows, expected);
    });
  });
});
