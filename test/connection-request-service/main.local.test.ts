import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { get } from "node:http";
import { after, describe, it } from "node:test";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { createDynamoDeviceStore } from "../../functions/adapters/dynamodb/index.ts";
import { startLocalSqs } from "../../functions/adapters/sqs/local-sqs.ts";
import { startDynalite } from "../../functions/local/start-dynalite.ts";
import { waitUntil } from "../simulator/wait-until.ts";
import { startDigestTestServer } from "../support/digest-test-server.ts";
import { freePort } from "../support/xmpp-server-process.ts";
import { seedDevice } from "./fixtures.ts";

const MAIN = new URL("../../functions/connection-request-service/main.ts", import.meta.url)
  .pathname;
const CR = { username: "crUser", password: "main-Secret-7" };

interface Run {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function runMain(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, output: () => output, exited };
}

function healthStatus(port: number): Promise<number> {
  return new Promise((resolve) => {
    get({ host: "127.0.0.1", port, path: "/health" }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on("error", () => resolve(0));
  });
}

describe("connection-request service main (Fargate entry)", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("exits 1 naming the missing variable", async () => {
    // Act
    const run = runMain({ ACS_DLQ_URL: "http://127.0.0.1:1/dlq", ACS_TABLE_NAME: "t" });
    const code = await run.exited;

    // Assess
    assert.equal(code, 1);
    assert.match(run.output(), /"variable":"ACS_QUEUE_URL"/);
  });

  it("serves CRs from env config, reports healthy, and exits 0 after SIGTERM", async () => {
    // Prepare
    const [sqs, dynamo, cpe, healthPort] = await Promise.all([
      startLocalSqs(),
      startDynalite({ tableName: "acs-main" }),
      startDigestTestServer({ users: { [CR.username]: CR.password } }),
      freePort(),
    ]);
    cleanups.push(sqs.stop, dynamo.stop, cpe.close);
    const devices = createDynamoDeviceStore({ client: dynamo.client, tableName: dynamo.tableName });
    await seedDevice(devices, {
      deviceId: "dev-main",
      connectionRequestUrl: cpe.url,
      at: Date.now() - 60_000,
    });
    const run = runMain({
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      ACS_QUEUE_URL: sqs.queueUrl,
      ACS_DLQ_URL: sqs.dlqUrl,
      ACS_SQS_ENDPOINT: sqs.endpoint,
      ACS_TABLE_NAME: dynamo.tableName,
      ACS_DYNAMODB_ENDPOINT: dynamo.endpoint,
      ACS_CR_USERNAME: CR.username,
      ACS_CR_PASSWORD: CR.password,
      ACS_CR_ALLOW_CIDRS: "127.0.0.1/32",
      ACS_CR_RECEIVE_BATCH: "1",
      ACS_CR_POLL_WAIT_SECONDS: "1",
      ACS_HEALTH_PORT: String(healthPort),
    });
    cleanups.push(async () => run.child.kill("SIGKILL"));

    // Act
    await waitUntilAsync(async () => (await healthStatus(healthPort)) === 200, "healthy");
    await sqs.client.send(
      new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: '{"deviceId":"dev-main"}' }),
    );
    await waitUntil(() => run.output().includes('"CrDelivered":1'), "the delivered metric");
    run.child.kill("SIGTERM");
    const code = await run.exited;

    // Assess
    assert.equal(code, 0);
    const last = (await devices.getDevice("dev-main"))?.lastConnectionRequest;
    assert.deepEqual([last?.method, last?.outcome], ["http", "delivered"]);
    assert.equal(cpe.requests.length, 2, "challenge, then the authenticated GET");
    assert.match(run.output(), /connection-request service stopped/);
    assert.doesNotMatch(run.output(), new RegExp(CR.password));
  });
});

async function waitUntilAsync(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
