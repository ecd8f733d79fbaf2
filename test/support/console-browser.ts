import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import type { SimulatedCpe } from "../../functions/simulator/cpe-types.ts";
import { binaryPath, requireBinary } from "./digest-require-binary.ts";
import { type SimulatedCpeRig, startSimulatedCpeRig } from "./simulated-cpe-rig.ts";

/** Debian's chromium; `describe(..., { skip: chromium.skip })` skips without it outside CI. */
export const chromium = requireBinary("chromium", { hint: "apt-get install chromium" });

export interface ConsoleBrowser {
  readonly rig: SimulatedCpeRig;
  readonly browser: Browser;
  readonly page: Page;
  /** The simulated CPE booted for the console to show, and its device id. */
  readonly cpe: SimulatedCpe;
  readonly deviceId: string;
  /** Closes the browser, then stops the CPE, the CR listener and the ACS. */
  stop(): Promise<void>;
}

/**
 * Chromium on a 1280 px page: puppeteer-core drives the system's browser through
 * `executablePath` (no browser download). For console tests that start their own ACS.
 */
export async function launchConsolePage(
  browserArgs: readonly string[] = [],
): Promise<{ browser: Browser; page: Page }> {
  const browser = await puppeteer.launch({
    executablePath: binaryPath(chromium),
    headless: true,
    // Chromium refuses to start as root with its sandbox on (CI containers run as root).
    args: [...(process.getuid?.() === 0 ? ["--no-sandbox"] : []), ...browserArgs],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * The local ACS with one simulated CPE (woken by connection request) and chromium on a
 * 1280 px page (launchConsolePage), for console tests.
 */
export async function startConsoleBrowser(options: {
  readonly serialNumber: string;
  /** The simulated CPE's Device.DeviceInfo.SoftwareVersion. @default the simulator's */
  readonly softwareVersion?: string;
  /** More environment for the local ACS. @default none */
  readonly env?: Record<string, string>;
  /** More chromium switches. @default none */
  readonly browserArgs?: readonly string[];
}): Promise<ConsoleBrowser> {
  const rig = await startSimulatedCpeRig(options.env);
  try {
    const booted = await rig.boot({
      serialNumber: options.serialNumber,
      ...(options.softwareVersion && { softwareVersion: options.softwareVersion }),
      periodicInformIntervalSec: 3600,
    });
    const { browser, page } = await launchConsolePage(options.browserArgs);
    return {
      rig,
      browser,
      page,
      cpe: booted.cpe,
      deviceId: booted.id,
      stop: async () => {
        await browser.close();
        await rig.stop();
      },
    };
  } catch (error) {
    await rig.stop();
    throw error;
  }
}

/** Runs `act`; if it throws, saves a screenshot of the page and prints where. */
export async function withScreenshotOnFailure(page: Page, name: string, act: () => Promise<void>) {
  try {
    await act();
  } catch (error) {
    const path = join(tmpdir(), `console-${name}-${Date.now()}.png`);
    await page.screenshot({ path }).catch(() => undefined);
    process.stderr.write(`console e2e failed; screenshot: ${path}\n`);
    throw error;
  }
}

/** Replaces a textarea's text the way typing would announce it (one input event). */
export async function fillTextarea(page: Page, selector: string, text: string) {
  await page.$eval(
    selector,
    (area, value) => {
      (area as unknown as { value: string }).value = value;
      area.dispatchEvent(new Event("input", { bubbles: true }));
    },
    text,
  );
}

/**
 * Opens the parameter tree's objects one after the other ("Device.", then
 * "Device.DeviceInfo.", ...), each once its toggle is on the page; an open one stays open.
 */
export async function openTreePath(page: Page, objects: readonly string[]) {
  for (const object of objects) {
    const toggle = `li[data-object="${object}"] > button.tree-toggle`;
    await page.waitForSelector(toggle, { timeout: 10_000 });
    const expanded = await page.$eval(toggle, (button) => button.getAttribute("aria-expanded"));
    if (expanded !== "true") await page.click(toggle);
  }
}

/** A `waitForFunction` body: the text of the parameter row's value cell equals `value`. */
export function leafValueIs(name: string, value: string): string {
  const cell = `tr[data-name=${JSON.stringify(name)}] td.value`;
  return `document.querySelector(${JSON.stringify(cell)})?.textContent === ${JSON.stringify(value)}`;
}
