import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Match, Template } from "aws-cdk-lib/assertions";
import { firstRingKeyId } from "../../lib/data-stack.ts";
import { type AcsTestApp, buildAcsApp, fullStage } from "./build-acs-app.ts";
import { onlyResource } from "./template-queries.ts";

const cwmpFunction = { Description: Match.stringLikeRegexp("CWMP") };
const apiFunction = { Description: Match.stringLikeRegexp("provisioning API") };
/** The data stack's first sealing key and its ring, as the stateless stack imports them. */
const legacyKey = Match.objectLike({
  "Fn::ImportValue": Match.stringLikeRegexp("ExportsOutputRefSecretsKey[0-9A-F]{8}"),
});
const keyRing = Match.objectLike({
  "Fn::ImportValue": Match.stringLikeRegexp("ExportsOutputRefSecretsKeys[0-9A-F]{8}"),
});

function withVariables(fn: object, variables: Record<string, unknown>): object {
  return { ...fn, Environment: { Variables: Match.objectLike(variables) } };
}

/** A Lambda function's variables, by its description. */
function variablesOf(template: Template, description: string): Record<string, unknown> {
  const [fn] = Object.values(
    template.findResources("AWS::Lambda::Function", {
      Properties: { Description: Match.stringLikeRegexp(description) },
    }),
  );
  if (!fn) throw new Error(`no function described ${description}`);
  return fn.Properties.Environment.Variables as Record<string, unknown>;
}

/** The sender container's plain environment as a map, and the names of its secrets. */
function senderContainer(template: Template): {
  environment: Map<string, unknown>;
  secrets: Map<string, unknown>;
} {
  const [task] = Object.values(template.findResources("AWS::ECS::TaskDefinition"));
  if (!task) throw new Error("no sender task definition");
  const [container] = task.Properties.ContainerDefinitions as {
    Environment: { Name: string; Value: unknown }[];
    Secrets: { Name: string; ValueFrom: unknown }[];
  }[];
  if (!container) throw new Error("no sender container");
  return {
    environment: new Map(container.Environment.map(({ Name, Value }) => [Name, Value])),
    secrets: new Map(container.Secrets.map(({ Name, ValueFrom }) => [Name, ValueFrom])),
  };
}

describe("runtime settings stage options", () => {
  let full: AcsTestApp;
  let plain: AcsTestApp;
  let on: Template;
  let off: Template;

  before(() => {
    full = buildAcsApp({ stage: fullStage });
    plain = buildAcsApp({ stage: {} });
    on = Template.fromStack(full.acs);
    off = Template.fromStack(plain.acs);
  });

  after(() => {
    full.dispose();
    plain.dispose();
  });

  describe("cpeDigest", () => {
    it("passes the algorithms, the no-qop answers and the nonce lifetime to the CWMP function", () => {
      on.hasResourceProperties(
        "AWS::Lambda::Function",
        withVariables(cwmpFunction, {
          ACS_CPE_DIGEST_ALGORITHMS: "MD5",
          ACS_CPE_DIGEST_LEGACY: "true",
          ACS_CPE_NONCE_LIFETIME_SECONDS: "120",
        }),
      );
    });

    it("offers SHA-256 then MD5 and refuses answers without qop by default, explicitly", () => {
      off.hasResourceProperties(
        "AWS::Lambda::Function",
        withVariables(cwmpFunction, {
          ACS_CPE_DIGEST_ALGORITHMS: "SHA-256,MD5",
          ACS_CPE_DIGEST_LEGACY: "false",
          ACS_CPE_NONCE_LIFETIME_SECONDS: "60",
        }),
      );
    });

    it("sets no digest variables when CPE authentication is not digest", () => {
      // Prepare
      const basic = buildAcsApp({ stage: { cpeAuth: "basic" } });

      // Act
      const variables = variablesOf(Template.fromStack(basic.acs), "CWMP");
      basic.dispose();

      // Assess
      assert.equal(variables.ACS_CPE_AUTH, "basic");
      assert.deepEqual(
        Object.keys(variables).filter((name) => /DIGEST|NONCE/.test(name)),
        [],
      );
    });
  });

  describe("sealingKeyRing", () => {
    it("creates a retained ring secret with one generated key, under the customer-managed key", () => {
      // Prepare
      const data = Template.fromStack(full.data);
      const key = onlyResource(data, "AWS::KMS::Key", {});

      // Assess
      data.hasResource("AWS::SecretsManager::Secret", {
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
        Properties: Match.objectLike({
          Description: Match.stringLikeRegexp("key ring"),
          // Never derived from the current key id: a changed template would regenerate the ring.
          GenerateSecretString: Match.objectLike({
            SecretStringTemplate: "{}",
            GenerateStringKey: firstRingKeyId,
          }),
          KmsKeyId: { "Fn::GetAtt": [key, "Arn"] },
        }),
      });
    });

    it("gives the ring and the current key id to the CWMP and API functions beside the first key", () => {
      for (const fn of [cwmpFunction, apiFunction]) {
        on.hasResourceProperties(
          "AWS::Lambda::Function",
          withVariables(fn, {
            ACS_SECRETS_KEY_ARN: legacyKey,
            ACS_SECRETS_KEYS_ARN: keyRing,
            ACS_SECRETS_KEY_ID: "k1",
          }),
        );
      }
    });

    it("injects the ring into the sender as a secret and names the current key in plain", () => {
      // Act
      const { environment, secrets } = senderContainer(on);

      // Assess
      assert.match(JSON.stringify(secrets.get("ACS_SECRETS_KEY")), /SecretsKey[0-9A-F]{8}/);
      assert.match(JSON.stringify(secrets.get("ACS_SECRETS_KEYS")), /SecretsKeys[0-9A-F]{8}/);
      assert.equal(environment.get("ACS_SECRETS_KEY_ID"), "k1");
      assert.equal(environment.has("ACS_SECRETS_KEYS"), false, "a key must never be plain");
    });

    it("outputs the ring's ARN, where keys are added and removed", () => {
      on.hasOutput("SecretsKeysSecretArn", { Value: keyRing });
    });

    it("creates no ring and passes only the first key by default", () => {
      // Prepare
      const data = Template.fromStack(plain.data);
      const { environment, secrets } = senderContainer(off);

      // Assess
      // The first sealing key only (the bulk data key, lib/constructs/bulk-data-bucket.ts, aside).
      const sealing = Object.values(data.findResources("AWS::SecretsManager::Secret")).filter(
        (secret) => !String(secret.Properties?.Description).includes("bulk data"),
      );
      assert.equal(sealing.length, 1);
      for (const description of ["CWMP", "provisioning API"]) {
        const variables = variablesOf(off, description);
        assert.ok(variables.ACS_SECRETS_KEY_ARN, `${description}: no first key`);
        assert.equal(variables.ACS_SECRETS_KEYS_ARN, undefined);
        assert.equal(variables.ACS_SECRETS_KEY_ID, undefined);
      }
      assert.ok(secrets.has("ACS_SECRETS_KEY"));
      assert.equal(secrets.has("ACS_SECRETS_KEYS"), false);
      assert.equal(environment.has("ACS_SECRETS_KEY_ID"), false);
      assert.deepEqual(
        Object.keys(off.findOutputs("*")).filter((name) => name.startsWith("SecretsKeys")),
        [],
      );
    });
  });

  describe("perDeviceConnectionRequestCredentials", () => {
    it("turns on the per-device CR credentials profile of the CWMP function", () => {
      on.hasResourceProperties(
        "AWS::Lambda::Function",
        withVariables(cwmpFunction, { ACS_CR_CREDENTIALS: "per-device" }),
      );
    });

    it("leaves CR credentials shared by default", () => {
      off.hasResourceProperties(
        "AWS::Lambda::Function",
        withVariables(cwmpFunction, { ACS_CR_CREDENTIALS: "shared" }),
      );
    });
  });

  describe("logLevel and secretParameters", () => {
    it("give the CWMP function, the API function and the sender the same values", () => {
      // Act
      const { environment } = senderContainer(on);

      // Assess
      const expected = {
        ACS_LOG_LEVEL: "warn",
        ACS_SECRET_PARAMETERS: "X_ACME_Token,Device.X_ACME_Vpn.*.Key",
      };
      for (const fn of [cwmpFunction, apiFunction]) {
        on.hasResourceProperties("AWS::Lambda::Function", withVariables(fn, expected));
      }
      for (const [name, value] of Object.entries(expected)) {
        assert.equal(environment.get(name), value, name);
      }
    });

    it("log at info and add no secret parameters by default", () => {
      // Act
      const { environment } = senderContainer(off);

      // Assess
      for (const description of ["CWMP", "provisioning API"]) {
        const variables = variablesOf(off, description);
        assert.equal(variables.ACS_LOG_LEVEL, "info", description);
        assert.equal(variables.ACS_SECRET_PARAMETERS, undefined, description);
      }
      assert.equal(environment.get("ACS_LOG_LEVEL"), "info");
      assert.equal(environment.has("ACS_SECRET_PARAMETERS"), false);
    });
  });

  describe("lambdaSystemLogLevel and cwmpMemoryMiB", () => {
    const bulkDataFunction = { Description: Match.stringLikeRegexp("bulk data collector") };
    const logging = (systemLogLevel: string) => ({
      LoggingConfig: {
        LogFormat: "JSON",
        SystemLogLevel: systemLogLevel,
        ApplicationLogLevel: "INFO",
        LogGroup: Match.anyValue(),
      },
    });

    it("drop Lambda's START/END/REPORT lines of every ACS function by default, JSON format", () => {
      for (const fn of [cwmpFunction, apiFunction, bulkDataFunction]) {
        off.hasResourceProperties("AWS::Lambda::Function", { ...fn, ...logging("WARN") });
      }
    });

    it("pass the stage's system log level to every ACS function", () => {
      for (const fn of [cwmpFunction, apiFunction, bulkDataFunction]) {
        on.hasResourceProperties("AWS::Lambda::Function", { ...fn, ...logging("INFO") });
      }
    });

    it("size the CWMP function alone by the stage, 512 MB by default", () => {
      on.hasResourceProperties("AWS::Lambda::Function", { ...cwmpFunction, MemorySize: 1024 });
      on.hasResourceProperties("AWS::Lambda::Function", { ...apiFunction, MemorySize: 512 });
      off.hasResourceProperties("AWS::Lambda::Function", { ...cwmpFunction, MemorySize: 512 });
    });
  });

  describe("shared CPE username on the API", () => {
    it("names the CWMP function's shared-credentials secret to the API function", () => {
      // Prepare
      const secret = onlyResource(on, "AWS::SecretsManager::Secret", {
        Description: Match.stringLikeRegexp("Shared username/password CPEs use"),
      });

      // Assess
      for (const fn of [cwmpFunction, apiFunction]) {
        on.hasResourceProperties(
          "AWS::Lambda::Function",
          withVariables(fn, { ACS_CPE_CREDENTIALS_SECRET_ARN: { Ref: secret } }),
        );
      }
    });

    it("names none without sharedCpeCredentials", () => {
      assert.equal(variablesOf(off, "provisioning API").ACS_CPE_CREDENTIALS_SECRET_ARN, undefined);
    });
  });

  describe("ACS_COOKIE_SECURE", () => {
    it("is never set on the CWMP function, so the session cookie keeps Secure (its Lambda default)", () => {
      for (const template of [on, off]) {
        // Assess
        const variables = variablesOf(template, "CWMP");
        assert.ok(variables.ACS_CPE_AUTH, "the query is wrong");
        assert.equal(variables.ACS_COOKIE_SECURE, undefined);
      }
    });
  });
});
