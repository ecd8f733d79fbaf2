import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { awsLiteOnFirstUse } from "../../../functions/adapters/aws-lite/aws-lite-on-first-use.ts";
import { resolveSecretEnv } from "../../../functions/adapters/secrets/secret-env.ts";
import { secretsManagerReader } from "../../../functions/adapters/secrets/secrets-manager-reader.ts";
import { ConfigError } from "../../../functions/config/config-error.ts";

/** A loopback stand-in for Secrets Manager holding one secret, "arn:nonce". */
describe("secretsManagerReader (loopback stand-in)", () => {
  const targets: string[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const { SecretId } = JSON.parse(Buffer.concat(chunks).toString()) as { SecretId: string };
    targets.push(String(request.headers["x-amz-target"]));
    const found = SecretId === "arn:nonce";
    response.writeHead(found ? 200 : 400, { "content-type": "application/x-amz-json-1.1" });
    response.end(
      JSON.stringify(
        found
          ? { ARN: SecretId, SecretString: "n0nce" }
          : { __type: "ResourceNotFoundException", message: "no such secret" },
      ),
    );
  });
  let endpoint = "";
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const reader = () =>
    secretsManagerReader(
      awsLiteOnFirstUse({
        endpoint,
        region: "us-east-1",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      }),
    );

  it("reads a secret's SecretString with GetSecretValue", async () => {
    // Act
    const env = await resolveSecretEnv({ NONCE_ARN: "arn:nonce" }, reader(), [
      { arnVariable: "NONCE_ARN", fields: "NONCE" },
    ]);

    // Assess
    assert.equal(env.NONCE, "n0nce");
    assert.deepEqual(targets, ["secretsmanager.GetSecretValue"]);
  });

  it("names the variable and the service's error code when the secret is missing", async () => {
    // Act
    const resolving = resolveSecretEnv({ NONCE_ARN: "arn:other" }, reader(), [
      { arnVariable: "NONCE_ARN", fields: "NONCE" },
    ]);

    // Assess
    await assert.rejects(resolving, (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.variable, "NONCE_ARN");
      assert.match(error.problem, /\(ResourceNotFoundException\)/);
      return true;
    });
  });
});
