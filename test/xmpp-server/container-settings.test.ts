import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CONTAINER_DEFAULTS,
  ContainerSettingInvalidError,
  ContainerSettingMissingError,
  readContainerSettings,
} from "../../functions/xmpp-server/container-settings.ts";

const TASK_ENV = {
  XMPP_DOMAIN: "acs.test",
  XMPP_ACS_USER: "acs",
  XMPP_ACS_PASSWORD: "p",
  XMPP_ACCOUNT_KEY: "k",
  XMPP_TLS_PEM: "pem",
};

describe("readContainerSettings", () => {
  it("takes the image's paths and ports when only the task's variables are set", () => {
    const settings = readContainerSettings(TASK_ENV);
    assert.deepEqual(
      {
        runDir: settings.runDir,
        extAuthProgram: settings.extAuthProgram,
        ejabberdctl: settings.ejabberdctl,
        starttlsPort: settings.starttlsPort,
        directTlsPort: settings.directTlsPort,
      },
      CONTAINER_DEFAULTS,
    );
    assert.equal(settings.pingIntervalSeconds, 60);
  });

  it("lets a test move the paths and ports", () => {
    const settings = readContainerSettings({
      ...TASK_ENV,
      XMPP_EXT_AUTH_PROGRAM: "/tmp/x/ext-auth.mjs",
      XMPP_EJABBERDCTL: "/opt/ejabberdctl",
      XMPP_STARTTLS_PORT: "15222",
      XMPP_DIRECT_TLS_PORT: "15223",
    });
    assert.equal(settings.extAuthProgram, "/tmp/x/ext-auth.mjs");
    assert.equal(settings.ejabberdctl, "/opt/ejabberdctl");
    assert.equal(settings.starttlsPort, 15222);
    assert.equal(settings.directTlsPort, 15223);
  });

  it("refuses a port that is not one, and names a missing secret", () => {
    assert.throws(
      () => readContainerSettings({ ...TASK_ENV, XMPP_STARTTLS_PORT: "52 22" }),
      (error) =>
        error instanceof ContainerSettingInvalidError && error.variable === "XMPP_STARTTLS_PORT",
    );
    assert.throws(
      () => readContainerSettings({ ...TASK_ENV, XMPP_ACCOUNT_KEY: "" }),
      (error) =>
        error instanceof ContainerSettingMissingError && error.variable === "XMPP_ACCOUNT_KEY",
    );
  });
});
