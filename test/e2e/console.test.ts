import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "puppeteer-core";
import {
  type ConsoleBrowser,
  chromium,
  fillTextarea,
  leafValueIs,
  openTreePath,
  startConsoleBrowser,
  withScreenshotOnFailure,
} from "../support/console-browser.ts";
import type { SimulatedCpeRig } from "../support/simulated-cpe-rig.ts";

/**
 * The operator console in a real browser (Debian's chromium through puppeteer-core) against
 * the local ACS and a simulated CPE: the console lists and finds the device, opens it, sets a
 * parameter through a SetParameterValues task with a connection request, and shows the task
 * done and the new value in the device's parameters; a campaign started from the page is
 * followed until it completes; a profile saved with a wrong field shows that field named, and
 * once fixed, is listed with its convergence counts; a file is uploaded from the files page and
 * deleted.
 */
describe("the operator console in chromium", { skip: chromium.skip }, () => {
  let consoleBrowser: ConsoleBrowser;
  let rig: SimulatedCpeRig;
  let page: Page;
  let deviceId: string;

  before(async () => {
    consoleBrowser = await startConsoleBrowser({ serialNumber: "CONSOLE1" });
    ({ rig, page, deviceId } = consoleBrowser);
  });

  after(async () => {
    await consoleBrowser?.stop();
  });

  it("serves the page and its assets without a token, the API still with one", async () => {
    // Prepare
    const base = rig.acs.consoleUrl;
    // Act
    const [pageAnswer, script, api] = await Promise.all(
      ["", "console/app.js", "devices"].map((path) => fetch(new URL(path, base))),
    );
    // Assess
    assert.equal(pageAnswer?.status, 200);
    assert.match(await (pageAnswer as Response).text(), /<div id="app">/);
    assert.equal(script?.status, 200);
    assert.match(script?.headers.get("content-type") ?? "", /javascript/);
    assert.equal(api?.status, 401);
  });

  it("lists the simulated device, sets a parameter, and shows the task done", async () => {
    await withScreenshotOnFailure(page, "set-parameter", async () => {
      // Prepare
      const value = `console-${Date.now()}`;
      const link = `a[href="#/devices/${encodeURIComponent(deviceId)}"]`;
      await page.goto(rig.acs.consoleUrl);
      await page.waitForSelector(link);
      // Act: search by serial prefix, open the device, set a value
      await page.type('input[name="serialPrefix"]', "CONSOLE");
      await page.click("form.filters button[type=submit]");
      await page.waitForSelector(link);
      await page.click(link);
      await page.waitForSelector("form.set-value");
      await page.type('input[name="parameter"]', "Device.DeviceInfo.ProvisioningCode");
      await page.type('input[name="value"]', value);
      await page.click("form.set-value button[type=submit]");
      // Assess: the task reaches done in the page, and the parameter tree shows the value
      await page.waitForFunction(
        `document.querySelector(".set-status strong")?.textContent === "done"`,
        { timeout: 30_000 },
      );
      await openTreePath(page, ["Device.", "Device.DeviceInfo."]);
      await page.waitForFunction(leafValueIs("Device.DeviceInfo.ProvisioningCode", value), {
        timeout: 10_000,
      });
      const tasks = await rig.acs.api("GET", `/devices/${encodeURIComponent(deviceId)}/tasks`);
      const set = tasks.body.tasks.find(
        (task: { name: string }) => task.name === "setParameterValues",
      );
      assert.equal(set?.status, "done");
    });
  });

  it("counts the fleet on the overview page", async () => {
    await withScreenshotOnFailure(page, "fleet", async () => {
      // Act
      await page.goto(new URL("#/fleet", rig.acs.consoleUrl).href);
      // Assess: the one simulated device
      await page.waitForFunction(
        `document.querySelector('dd[data-total="devices"]')?.textContent === "1"`,
        { timeout: 10_000 },
      );
    });
  });

  it("starts a campaign from the page and shows it completed", async () => {
    await withScreenshotOnFailure(page, "campaign", async () => {
      // Prepare
      await page.goto(new URL("#/campaigns", rig.acs.consoleUrl).href);
      await page.waitForSelector("form.campaign-form");
      // Act
      await page.type('input[name="campaign-serialPrefix"]', "CONSOLE");
      await page.type('input[name="campaign-parameter"]', "Device.DeviceInfo.ProvisioningCode");
      await page.type('input[name="campaign-value"]', "from-a-campaign");
      await page.click("form.campaign-form button[type=submit]");
      // Assess: the list (polled every 2 s) shows it finished on the one matching device
      await page.waitForFunction(
        `[...document.querySelectorAll("li[data-campaign]")].some((item) =>
          item.querySelector(".status")?.textContent === "completed" &&
          item.textContent.includes("1 of 1 finished"))`,
        { timeout: 30_000 },
      );
      const listed = await rig.acs.api("GET", "/campaigns");
      assert.equal(listed.body.campaigns[0]?.progress.succeeded, 1);
    });
  });

  it("names the field a profile gets wrong, then saves and lists the fixed profile", async () => {
    await withScreenshotOnFailure(page, "profile", async () => {
      // Prepare: a profile of its own, ruling every device out so no session acts on it
      const name = "console-e2e-profile";
      const table = (path: string) =>
        JSON.stringify({
          precondition: { serialPrefix: "NO-SUCH-CPE" },
          objects: [{ table: path }],
        });
      await page.goto(new URL("#/profiles", rig.acs.consoleUrl).href);
      await page.waitForSelector("form.profile-editor");
      await page.type('input[name="profile-name"]', name);
      // Act: a table path that does not end with '.'
      await fillTextarea(page, 'textarea[name="profile-body"]', table("Device.Hosts.Host"));
      await page.click("form.profile-editor button[type=submit]");
      // Assess: the issue names the field next to the editor, which is marked invalid
      const issue = await page.waitForSelector(
        '#profile-body-issues li[data-field="body.objects[0].table"]',
      );
      assert.match((await issue?.evaluate((item) => item.textContent)) ?? "", /ends with '\.'/);
      const invalid = await page.$eval('textarea[name="profile-body"]', (area) =>
        area.getAttribute("aria-invalid"),
      );
      assert.equal(invalid, "true");
      assert.equal((await rig.acs.api("GET", `/profiles/${name}`)).status, 404);
      // Act: fix the path and save again
      await fillTextarea(page, 'textarea[name="profile-body"]', table("Device.Hosts.Host."));
      await page.click("form.profile-editor button[type=submit]");
      // Assess: saved, no issue left, and listed with the one device not matching
      await page.waitForFunction(
        `document.querySelector('tr[data-profile="${name}"] td.notMatching')?.textContent === "1"`,
        { timeout: 10_000 },
      );
      assert.equal(await page.$("#profile-body-issues li"), null);
      assert.equal((await rig.acs.api("GET", `/profiles/${name}`)).status, 200);
      // Act: open it from the list
      await page.click(`tr[data-profile="${name}"] a`);
      // Assess: its editor holds the saved profile
      await page.waitForFunction(
        `document.querySelector('textarea[name="profile-body"]')?.value.includes('"Device.Hosts.Host."')`,
        { timeout: 10_000 },
      );
    });
  });

  it("uploads a file from the files page, shows it ready, and deletes it", async () => {
    await withScreenshotOnFailure(page, "files", async () => {
      // Prepare: a small file on disk for the file input
      const dir = await mkdtemp(join(tmpdir(), "console-upload-"));
      const path = join(dir, "config.xml");
      const content = "<config>console</config>\n";
      await writeFile(path, content);
      const name = `console-${Date.now()}.xml`;
      const row = `[...document.querySelectorAll("tr[data-file]")].find((tr) =>
        tr.querySelector("td")?.textContent === ${JSON.stringify(name)})`;
      try {
        await page.goto(new URL("#/files", rig.acs.consoleUrl).href);
        await page.waitForSelector("form.file-upload");
        // Act: declare, PUT the bytes to the upload URL, complete
        await page.type('input[name="file-name"]', name);
        await page.select('select[name="file-type"]', "3 Vendor Configuration File");
        await page.type('input[name="file-version"]', "1.0");
        const input = await page.waitForSelector('input[name="file-content"]');
        await input?.uploadFile(path);
        await page.click("form.file-upload button[type=submit]");
        // Assess: listed ready, with the stored size
        await page.waitForFunction(`${row}?.querySelector(".status")?.textContent === "ready"`, {
          timeout: 10_000,
        });
        const listed = await rig.acs.api("GET", "/files");
        const stored = listed.body.files.find((file: { name: string }) => file.name === name);
        assert.equal(stored?.size, Buffer.byteLength(content));
        // Act: delete it from the page
        await page.evaluate(`${row}.querySelector("button").click()`);
        // Assess: gone from the page and from the API
        await page.waitForFunction(`${row} === undefined`, { timeout: 10_000 });
        assert.equal((await rig.acs.api("GET", `/files/${stored.id}`)).status, 404);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
