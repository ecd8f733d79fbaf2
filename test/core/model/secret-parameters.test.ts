import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  builtInSecretPolicy,
  isSecretParameter,
  maskParameterList,
  maskTaskResult,
  SecretPatternError,
  secretParameterPolicy,
} from "../../../functions/core/model/secret-parameters.ts";
import { runningTask } from "../../support/running-task.ts";

describe("isSecretParameter", () => {
  it("recognises TR-181 and TR-098 password-type parameters by name", () => {
    // Prepare
    const secrets = [
      "Device.WiFi.AccessPoint.1.Security.KeyPassphrase",
      "Device.WiFi.AccessPoint.1.Security.PreSharedKey",
      "Device.WiFi.AccessPoint.1.Security.WEPKey",
      "Device.WiFi.AccessPoint.1.Security.SAEPassphrase",
      "Device.WiFi.AccessPoint.1.Security.RadiusSecret",
      "Device.WiFi.EndPoint.1.Profile.1.Security.KeyPassphrase",
      "Device.ManagementServer.ConnectionRequestPassword",
      "Device.ManagementServer.Password",
      "Device.ManagementServer.STUNPassword",
      "Device.PPP.Interface.1.Password",
      "Device.XMPP.Connection.1.Password",
      "Device.Users.User.2.Password",
      "Device.UPA.Interface.1.EncryptionKey",
      "Device.IEEE8021x.Supplicant.1.EAPMD5.SharedSecret",
      "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.KeyPassphrase",
      "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.PreSharedKey.1.PreSharedKey",
      "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.WEPKey.3.WEPKey",
      "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.Password",
      "InternetGatewayDevice.LANConfigSecurity.ConfigPassword",
      "InternetGatewayDevice.Services.VoiceService.1.VoiceProfile.1.Line.1.SIP.AuthPassword",
      "InternetGatewayDevice.X_ACME_WebPassword",
    ];

    // Act
    const missed = secrets.filter((name) => !isSecretParameter(name, builtInSecretPolicy));

    // Assess
    assert.deepEqual(missed, []);
  });

  it("leaves other parameters, objects and look-alikes alone", () => {
    // Prepare
    const plain = [
      "Device.ManagementServer.ParameterKey",
      "Device.ManagementServer.ConnectionRequestUsername",
      "Device.WiFi.AccessPoint.1.Security.ModeEnabled",
      "Device.WiFi.AccessPoint.1.Security.RekeyingInterval",
      "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.PreSharedKey.1.AssociatedDeviceMACAddress",
      "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.PreSharedKey.",
      "Device.Users.User.1.PasswordRequired",
      "Device.X_ACME_Token",
    ];

    // Act
    const flagged = plain.filter((name) => isSecretParameter(name, builtInSecretPolicy));

    // Assess
    assert.deepEqual(flagged, []);
  });

  it("adds the operator's patterns: a last segment, or a whole path with * in a segment", () => {
    // Prepare
    const policy = secretParameterPolicy(["X_ACME_Token", "Device.X_ACME_Vpn.*.Key", "X_*_Pin"]);

    // Act
    const results = [
      "Device.X_ACME_Token",
      "Device.Services.X_ACME_Token",
      "Device.X_ACME_Vpn.3.Key",
      "Device.X_ACME_Vpn.3.Sub.Key",
      "Device.Other.3.Key",
      "Device.Services.X_BETA_Pin",
      "Device.X_ACME_TokenId",
    ].map((name) => isSecretParameter(name, policy));

    // Assess
    assert.deepEqual(results, [true, true, true, false, false, true, false]);
  });

  it("refuses patterns it cannot use, naming them", () => {
    // Act / Assess
    for (const pattern of ["Device.X_ACME_Vpn.", "X_(ACME)", "a b"])
      assert.throws(() => secretParameterPolicy([pattern]), SecretPatternError);
  });
});

describe("maskParameterList", () => {
  it("masks non-empty secret values and names them; an empty one reveals nothing and stays", () => {
    // Prepare
    const list = [
      { name: "Device.WiFi.SSID.1.SSID", value: "home" },
      { name: "Device.WiFi.AccessPoint.1.Security.KeyPassphrase", value: "s3cret!" },
      { name: "Device.ManagementServer.ConnectionRequestPassword", value: "" },
    ];

    // Act
    const { parameters, masked } = maskParameterList(list, builtInSecretPolicy);

    // Assess
    assert.deepEqual(
      parameters.map((p) => p.value),
      ["home", "********", ""],
    );
    assert.deepEqual(masked, ["Device.WiFi.AccessPoint.1.Security.KeyPassphrase"]);
  });
});

describe("maskTaskResult", () => {
  it("masks secrets in a GetParameterValues result, keeping the rest of the task", () => {
    // Prepare
    const task = runningTask(
      { name: "getParameterValues", parameterNames: ["Device.PPP.Interface.1."] },
      0,
      {
        status: "done",
        result: {
          parameters: [
            { name: "Device.PPP.Interface.1.Username", value: "u", type: "string" },
            { name: "Device.PPP.Interface.1.Password", value: "p4ss", type: "string" },
          ],
        },
      },
    );

    // Act
    const masked = maskTaskResult(task, builtInSecretPolicy);

    // Assess
    assert.deepEqual(
      masked.result?.parameters?.map((p) => p.value),
      ["u", "********"],
    );
    assert.equal(masked.status, "done");
  });
});
