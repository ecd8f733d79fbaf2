import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "puppeteer-core";
import {
  chromium,
  launchConsolePage,
  withScreenshotOnFailure,
} from "../support/console-browser.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";

/**
 * The console's role awareness in a real browser: with the admin token the page pre-fills, the
 * device page offers the set-value form; with a viewer token (ACS_API_ROLE_TOKENS) the header
 * names the role and the page offers no control the API would refuse.
 */
describe("console roles in chromium", { skip: chromium.skip }, () => {
  let acs: LocalAcsHarness;
  let browser: Browser;
  let page: Page;
  let deviceId: string;

  before(async () => {
    acs = await startLocalAcsHarness({ ACS_API_ROLE_TOKENS: "viewer=view-tok" });
    deviceId = await acs.register("ROLES1");
    ({ browser, page } = await launchConsolePage());
  });

  after(async () => {
    await browser?.close();
    await acs?.stop();
  });

  it("hides the set-value form and the connection request from a viewer, naming the role", async () => {
    await withScreenshotOnFailure(page, "roles-viewer", async () => {
      // Prepare: the admin token (pre-filled) sees the form
      await page.goto(new URL(`#/devices/${encodeURIComponent(deviceId)}`, acs.consoleUrl).href);
      await page.waitForSelector("form.set-value");
      await page.waitForSelector('strong[data-role="admin"]');

      // Act: use the viewer's token
      await page.click("form.login input", { count: 3 });
      await page.keyboard.type("view-tok");
      await page.click("form.login button[type=submit]");
      await page.waitForSelector('strong[data-role="viewer"]');
      await page.waitForSelector("section h2");

      // Assess
      const header = await page.$eval("header", (element) => element.textContent ?? "");
      const forms = await page.$$("form.set-value");
      const crTitle = await page.$("#cr-title");
      const heading = await page.$eval("section h2", (element) => element.textContent);
      assert.match(header, /role\s*viewer/);
      assert.equal(forms.length, 0);
      assert.equal(crTitle, null);
      assert.equal(heading, deviceId);
    });
  });
});
