import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "puppeteer-core";
import {
  type ConsoleBrowser,
  chromium,
  startConsoleBrowser,
  withScreenshotOnFailure,
} from "../support/console-browser.ts";
import type { SimulatedCpeRig } from "../support/simulated-cpe-rig.ts";

/**
 * GET /tasks on the local ACS and the console's Tasks page in chromium: a SetParameterValues of
 * an unknown parameter faults on the simulated CPE (9003, with 9005 for the parameter), one of a known parameter is done; the
 * API lists them newest first and by status; the page filtered by faulted shows the fault, an
 * open task is cancelled from the page, and the fleet overview's recent faults list the fault.
 */
describe("the console's Tasks page in chromium", { skip: chromium.skip }, () => {
  let consoleBrowser: ConsoleBrowser;
  let rig: SimulatedCpeRig;
  let page: Page;
  let faultedId: string;
  let doneId: string;
  let pendingId: string;

  before(async () => {
    consoleBrowser = await startConsoleBrowser({ serialNumber: "TASKS1" });
    ({ rig, page } = consoleBrowser);
    const { deviceId } = consoleBrowser;
    const tasks = `/devices/${encodeURIComponent(deviceId)}/tasks?connectionRequest=true&wait=25`;
    const spv = (name: string, value: string) => ({
      body: { name: "setParameterValues", parameterValues: [[name, value, "xsd:string"]] },
    });
    const faulted = await rig.acs.api("POST", tasks, spv("Device.NoSuch.Parameter", "x"));
    const done = await rig.acs.api("POST", tasks, spv("Device.DeviceInfo.ProvisioningCode", "t"));
    // No connection request: it stays pending (the next periodic Inform is an hour away).
    const pending = await rig.acs.api("POST", `/devices/${encodeURIComponent(deviceId)}/tasks`, {
      body: { name: "reboot" },
    });
    assert.deepEqual(
      [faulted.body.status, done.body.status, pending.body.status],
      ["faulted", "done", "pending"],
    );
    [faultedId, doneId, pendingId] = [faulted.body.id, done.body.id, pending.body.id];
  });

  after(async () => {
    await consoleBrowser?.stop();
  });

  it("GET /tasks lists the fleet's tasks newest first, and by status", async () => {
    // Act
    const all = await rig.acs.api("GET", "/tasks");
    const faulted = await rig.acs.api("GET", "/tasks?status=faulted");
    const badCursor = await rig.acs.api("GET", "/tasks?cursor=nonsense");

    // Assess
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.body.tasks.map((task: { id: string }) => task.id),
      [pendingId, doneId, faultedId],
    );
    assert.deepEqual(
      faulted.body.tasks.map((task: { id: string; fault: { code: number } }) => [
        task.id,
        task.fault.code,
      ]),
      [[faultedId, 9003]],
    );
    assert.equal(badCursor.status, 400);
  });

  it("filters the Tasks page by faulted and shows the fault", async () => {
    await withScreenshotOnFailure(page, "tasks-faulted", async () => {
      // Prepare
      await page.goto(new URL("#/tasks", rig.acs.consoleUrl).href);
      await page.waitForSelector(`tr[data-task="${doneId}"]`);
      // Act
      await page.select('select[name="status"]', "faulted");
      await page.click("form.filters button[type=submit]");
      // Assess: only the faulted task, with its fault code
      await page.waitForFunction(
        `document.querySelector('tr[data-task="${doneId}"]') === null &&
         document.querySelector('tr[data-task="${faultedId}"]')?.textContent.includes("9003")`,
        { timeout: 10_000 },
      );
      const rows = await page.$$eval("tr[data-task]", (found) => found.length);
      assert.equal(rows, 1);
    });
  });

  it("cancels an open task from the page", async () => {
    await withScreenshotOnFailure(page, "tasks-cancel", async () => {
      // Prepare
      await page.select('select[name="status"]', "pending");
      await page.click("form.filters button[type=submit]");
      const row = `tr[data-task="${pendingId}"]`;
      await page.waitForSelector(`${row} button`);
      // Act
      await page.click(`${row} button`);
      // Assess: the row shows it cancelled (no Cancel button), and so does the API
      await page.waitForFunction(
        `document.querySelector('${row} .status')?.textContent === "cancelled" &&
         document.querySelector('${row} button') === null`,
        { timeout: 10_000 },
      );
      const stored = await rig.acs.api("GET", `/tasks/${pendingId}`);
      assert.equal(stored.body.status, "cancelled");
    });
  });

  it("lists the faulted task under the overview's recent faults, linked to its device", async () => {
    await withScreenshotOnFailure(page, "recent-faults", async () => {
      // Act
      await page.goto(new URL("#/fleet", rig.acs.consoleUrl).href);
      // Assess
      const item = `.recent-faults li[data-task="${faultedId}"]`;
      await page.waitForSelector(item, { timeout: 10_000 });
      const text = await page.$eval(item, (found) => found.textContent ?? "");
      assert.match(text, /9003/);
      const links = await page.$$(`${item} a[href^="#/devices/"]`);
      assert.equal(links.length, 1);
    });
  });
});
