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

const softwareVersion = "7.4.2-fleet";

/**
 * The console's fleet overview and device list in chromium against the local ACS and one
 * simulated CPE: the overview shows the server's count, the software version chart's
 * accessible label names the simulator's version, and the list shows the readiness badge.
 */
describe("the console's fleet overview in chromium", { skip: chromium.skip }, () => {
  let consoleBrowser: ConsoleBrowser;
  let rig: SimulatedCpeRig;
  let page: Page;

  before(async () => {
    consoleBrowser = await startConsoleBrowser({ serialNumber: "FLEETUI1", softwareVersion });
    ({ rig, page } = consoleBrowser);
  });

  after(async () => {
    await consoleBrowser?.stop();
  });

  it("shows the device count and the software versions' chart, labelled", async () => {
    await withScreenshotOnFailure(page, "fleet-overview", async () => {
      // Act
      await page.goto(new URL("#/fleet", rig.acs.consoleUrl).href);
      await page.waitForSelector('dd[data-total="devices"]');
      // Assess
      const total = await page.$eval('dd[data-total="devices"]', (dd) => dd.textContent);
      assert.equal(total, "1");
      const labels = await page.$$eval('svg[role="img"]', (charts) =>
        charts.map((chart) => chart.getAttribute("aria-label") ?? ""),
      );
      const versions = labels.find((label) => label.startsWith("Devices by software version"));
      assert.match(versions ?? "", new RegExp(`${softwareVersion.replaceAll(".", "\\.")} 1`));
    });
  });

  it("shows each device's readiness as a badge with text in the device list", async () => {
    await withScreenshotOnFailure(page, "device-readiness", async () => {
      // Act
      await page.goto(new URL("#/devices", rig.acs.consoleUrl).href);
      await page.waitForSelector("[data-readiness]");
      // Assess: the simulator has a ConnectionRequestURL and no XMPP
      const badge = await page.$eval("[data-readiness]", (span) => ({
        readiness: span.getAttribute("data-readiness"),
        text: span.textContent,
      }));
      assert.deepEqual(badge, { readiness: "http-only", text: "HTTP only" });
    });
  });
});
