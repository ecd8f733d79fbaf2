import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  InvalidCrMessageError,
  parseCrMessage,
} from "../../functions/messages/connection-request-message.ts";

function reasonOf(body: string): string {
  try {
    parseCrMessage(body);
  } catch (error) {
    if (error instanceof InvalidCrMessageError) return error.reason;
    throw error;
  }
  assert.fail("expected InvalidCrMessageError");
}

describe("parseCrMessage", () => {
  it("reads a direct message with ISO and epoch-ms instants", () => {
    // Prepare
    const body = JSON.stringify({
      deviceId: "00259E-HG8245H-48575443",
      reason: "task:reboot",
      requestedAt: "2025-06-01T12:00:00.000Z",
      notAfter: 1_748_782_800_000,
    });

    // Act
    const message = parseCrMessage(body);

    // Assess
    assert.deepEqual(message, {
      deviceId: "00259E-HG8245H-48575443",
      reason: "task:reboot",
      requestedAt: Date.UTC(2025, 5, 1, 12),
      notAfter: 1_748_782_800_000,
      action: "connection-request",
      envelope: "direct",
    });
  });

  it("accepts an ISO instant with an offset", () => {
    // Act
    const message = parseCrMessage(
      JSON.stringify({ deviceId: "d", notAfter: "2025-06-01T14:00:00+02:00" }),
    );

    // Assess
    assert.ok(message.action === "connection-request");
    assert.equal(message.notAfter, Date.UTC(2025, 5, 1, 12));
  });

  it("unwraps an EventBridge event routed to the queue as-is", () => {
    // Prepare
    const event = {
      version: "0",
      id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
      "detail-type": "ConnectionRequest",
      source: "acs.tasks",
      account: "111122223333",
      time: "2025-06-01T12:00:00Z",
      region: "eu-west-1",
      resources: [],
      detail: { deviceId: "dev-1", reason: "task-created" },
    };

    // Act
    const message = parseCrMessage(JSON.stringify(event));

    // Assess
    assert.deepEqual(message, {
      deviceId: "dev-1",
      reason: "task-created",
      action: "connection-request",
      envelope: "eventbridge",
    });
  });

  it("refuses an EventBridge event of another detail-type", () => {
    // Act
    const reason = reasonOf(
      JSON.stringify({
        version: "0",
        "detail-type": "Other",
        source: "x",
        detail: { deviceId: "d" },
      }),
    );

    // Assess
    assert.match(reason, /detail-type/);
  });

  for (const [name, body, expected] of [
    ["invalid JSON", "not json", /not valid JSON/],
    ["a JSON array", "[1]", /\(root\)/],
    ["an empty deviceId", JSON.stringify({ deviceId: "  " }), /deviceId/],
    ["a numeric deviceId", JSON.stringify({ deviceId: 7 }), /deviceId/],
    [
      "a date without zone",
      JSON.stringify({ deviceId: "d", notAfter: "2025-06-01T12:00" }),
      /notAfter/,
    ],
    ["a negative epoch", JSON.stringify({ deviceId: "d", requestedAt: -5 }), /requestedAt/],
    ["a misspelt field", JSON.stringify({ deviceId: "d", notafter: 5 }), /notafter/],
    [
      "a Download by fileId (the sender has no file store)",
      JSON.stringify({
        deviceId: "d",
        task: { name: "download", fileId: "01KBX0000000000000000000AA" },
      }),
      /queued through the API/,
    ],
    [
      "an Upload without a URL",
      JSON.stringify({
        deviceId: "d",
        task: { name: "upload", fileType: "1 Vendor Configuration File" },
      }),
      /queued through the API/,
    ],
    [
      "an envelope without detail",
      JSON.stringify({ "detail-type": "ConnectionRequest" }),
      /detail/,
    ],
  ] as const) {
    it(`refuses ${name}, saying why`, () => {
      // Act
      const reason = reasonOf(body);

      // Assess
      assert.match(reason, expected);
    });
  }
});

describe("parseCrMessage: XMPP account requests", () => {
  it("reads the create-xmpp-account action and refuses an unknown one", () => {
    const message = parseCrMessage(
      JSON.stringify({ deviceId: "d1", action: "create-xmpp-account" }),
    );
    assert.equal(message.action, "create-xmpp-account");
    assert.throws(
      () => parseCrMessage(JSON.stringify({ deviceId: "d1", action: "delete-device" })),
      /action/,
    );
  });

  it("refuses the wake-up's fields on an account request (the union's variants differ)", () => {
    // Act
    const reason = reasonOf(
      JSON.stringify({ deviceId: "d1", action: "create-xmpp-account", task: { name: "reboot" } }),
    );

    // Assess
    assert.match(reason, /task/);
  });
});
