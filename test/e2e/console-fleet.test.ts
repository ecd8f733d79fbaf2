import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { binaryPath, requireBinary } from "../support/digest-require-binary.ts";
import { type SimulatedCpeRig, startSimulatedCpeRig } from "../support/simulated-cpe-rig.ts";

const chromium = requireBinary("chromium", { hint: "apt-get install chromium" });
const softwareVersion = "7.4.2-fleet";

/**
 * The console's fleet overview and device list in chromium against the local ACS and one
 * simulated CPE: the overview shows the server's count, the software version chart's
 * accessible label names the simulator's version, and the list shows the readiness badge.
 */
describe("the console's fleet overview in chromium", { skip: chromium.skip }, () => {
  let rig: SimulatedCpeRig;
  let browser: Browser;
  let page: Page;

  before(async () => {
    rig = await startSimulatedCpeRig();
    await rig.boot({ serialNumber: "FLEETUI1", softwareVersion, periodicInformIntervalSec: 3600 });
    browser = await puppeteer.launch({
      executablePath: binaryPath(chromium),
      headless: true,
      // Chromium refuses to start as root with its sandbox on (CI containers run as root).
      args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
  });

  after(async () => {
    await browser?.close();
    await rig?.stop();
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

async function withScreenshotOnFailure(page: Page, name: string, act: () => Promise<void>) {
  try {
    await act();
  } catch (error) {
    const path = join(tmpdir(), `console-${name}-${Date.now()}.png`);
    await page.screenshot({ path }).catch(() => undefined);
    process.stderr.write(`console e2e failed; screenshot: ${path}\n`);
    throw error;
  }
}
