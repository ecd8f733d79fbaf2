import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "puppeteer-core";
import { startCognitoConsoleServer } from "../support/cognito-console-server.ts";
import {
  type ConsoleBrowser,
  chromium,
  startConsoleBrowser,
  withScreenshotOnFailure,
} from "../support/console-browser.ts";
import { type FakeCognito, startFakeCognito } from "../support/fake-cognito.ts";

/** Evaluated in the page (no DOM types here): the access token the console keeps. */
const storedToken = `sessionStorage.getItem("acs-console.access-token")`;

/**
 * The console's Cognito sign-in (authorization code + PKCE, RFC 6749 §4.1 / RFC 7636) in
 * chromium, with no AWS: a fake hosted UI on loopback TLS and a stand-in for CloudFront and the
 * JWT authorizer in front of the real API handler, over the local ACS with a simulated CPE.
 */
describe("the console's Cognito sign-in in chromium", { skip: chromium.skip }, () => {
  let consoleBrowser: ConsoleBrowser;
  let cognito: FakeCognito;
  let server: Awaited<ReturnType<typeof startCognitoConsoleServer>>;
  let browser: Browser;
  let deviceId: string;
  let certDir: string;
  const consoleUrl = () => `${server.url.replace(/\/$/, "")}/`;

  before(async () => {
    certDir = await mkdtemp(join(tmpdir(), "fake-cognito-"));
    consoleBrowser = await startConsoleBrowser({
      serialNumber: "COGNITO1",
      // The fake hosted UI's certificate is self-signed.
      browserArgs: ["--ignore-certificate-errors"],
    });
    ({ browser, deviceId } = consoleBrowser);
    cognito = await startFakeCognito({
      clientId: "console-client",
      redirectUri: consoleUrl,
      certDir,
    });
    server = await startCognitoConsoleServer({ acs: consoleBrowser.rig.acs, cognito });
  });

  after(async () => {
    await server?.close();
    await cognito?.stop();
    await consoleBrowser?.stop();
    await rm(certDir, { recursive: true, force: true });
  });

  /** A fresh tab: its own sessionStorage, so no token from another test. */
  async function freshPage(): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    return page;
  }

  it("signs in through the hosted UI, names the role from /me and lists the device", async () => {
    const page = await freshPage();
    await withScreenshotOnFailure(page, "cognito-sign-in", async () => {
      // Prepare
      cognito.signInAs({ username: "olga", groups: "[operator]" });
      const exchangesBefore = cognito.tokenRequests;
      // Act
      await page.goto(consoleUrl());
      await page.waitForSelector('strong[data-role="operator"]', { timeout: 15_000 });
      await page.waitForSelector(`a[href="#/devices/${encodeURIComponent(deviceId)}"]`);
      // Assess
      const header = await page.$eval("header", (element) => element.textContent ?? "");
      const token = (await page.evaluate(storedToken)) as string | null;
      assert.match(header, /Signed in as olga, role\s*operator/);
      assert.equal(cognito.tokenRequests, exchangesBefore + 1);
      assert.ok(token && cognito.claimsOf(token), "the stored token is one the fake issued");
      assert.equal(new URL(page.url()).search, "", "the code is off the address bar");
    });
    await page.close();
  });

  it("refuses an answer whose state was tampered with, and keeps no token", async () => {
    const page = await freshPage();
    await withScreenshotOnFailure(page, "cognito-tampered-state", async () => {
      // Prepare
      cognito.signInAs({ username: "olga", groups: "[operator]" });
      cognito.tamperNextState();
      const exchangesBefore = cognito.tokenRequests;
      // Act
      await page.goto(consoleUrl());
      const alert = await page.waitForSelector('[role="alert"]', { timeout: 15_000 });
      // Assess
      const text = await alert?.evaluate((element) => element.textContent ?? "");
      const token = await page.evaluate(storedToken);
      assert.match(text ?? "", /SignInStateMismatchError/);
      assert.equal(token, null);
      assert.equal(cognito.tokenRequests, exchangesBefore, "the code was never exchanged");
    });
    await page.close();
  });

  it("signs out: forgets the token and ends the hosted UI session at /logout", async () => {
    const page = await freshPage();
    await withScreenshotOnFailure(page, "cognito-sign-out", async () => {
      // Prepare
      cognito.signInAs({ username: "olga", groups: "[operator]" });
      await page.goto(consoleUrl());
      await page.waitForSelector('strong[data-role="operator"]', { timeout: 15_000 });
      const logoutsBefore = cognito.logouts.length;
      // Act: back at the console with no token, it goes to the hosted UI, now signed out
      await Promise.all([
        page.waitForFunction(
          `location.href.startsWith(${JSON.stringify(`${cognito.domain}/oauth2/authorize`)})`,
          { timeout: 15_000 },
        ),
        page.click("button.login"),
      ]);
      // Assess
      const logout = cognito.logouts[logoutsBefore];
      const body = await page.$eval("body", (element) => element.textContent ?? "");
      assert.equal(cognito.logouts.length, logoutsBefore + 1);
      assert.equal(logout?.get("logout_uri"), consoleUrl());
      assert.equal(logout?.get("client_id"), cognito.clientId);
      assert.match(body, /Sign in/);
    });
    await page.close();
  });

  it("a viewer sees the device but no set-value form", async () => {
    const page = await freshPage();
    await withScreenshotOnFailure(page, "cognito-viewer", async () => {
      // Prepare
      cognito.signInAs({ username: "vera", groups: "[viewer]" });
      // Act
      await page.goto(`${consoleUrl()}#/devices/${encodeURIComponent(deviceId)}`);
      await page.waitForSelector('strong[data-role="viewer"]', { timeout: 15_000 });
      await page.waitForSelector("section h2");
      // Assess
      const heading = await page.$eval("section h2", (element) => element.textContent);
      const forms = await page.$$("form.set-value");
      assert.equal(heading, deviceId);
      assert.equal(forms.length, 0);
    });
    await page.close();
  });

  it("names a sign-in the API refuses instead of signing in again and again", async () => {
    const page = await freshPage();
    await withScreenshotOnFailure(page, "cognito-refused", async () => {
      // Prepare: the authorizer expects another app client (a misconfigured deployment)
      cognito.signInAs({ username: "olga", groups: "[operator]" });
      server.authorizer.audience = "another-client";
      const exchangesBefore = cognito.tokenRequests;
      try {
        // Act
        await page.goto(consoleUrl());
        const alert = await page.waitForSelector('[role="alert"]', { timeout: 15_000 });
        const text = await alert?.evaluate((element) => element.textContent ?? "");
        // Assess: one sign-in, then the refusal named; no loop through the hosted UI
        assert.match(text ?? "", /refused/);
        assert.equal(cognito.tokenRequests, exchangesBefore + 1);
      } finally {
        server.authorizer.audience = cognito.clientId;
      }
    });
    await page.close();
  });

  it("the stand-in authorizer refuses a call without a token the hosted UI issued", async () => {
    // Act
    const [none, forged] = await Promise.all([
      fetch(new URL("console-api/me", consoleUrl())),
      fetch(new URL("console-api/me", consoleUrl()), {
        headers: { authorization: "Bearer not-issued" },
      }),
    ]);
    // Assess
    assert.equal(none.status, 401);
    assert.equal(forged.status, 401);
  });
});
