import assert from "node:assert/strict";
import { createSocket, type Socket } from "node:dgram";
import { once } from "node:events";
import { after, before, describe, it } from "node:test";
import { createStunServer, type StunServer } from "../../../functions/adapters/udp/stun-server.ts";
import type { StunBinding } from "../../../functions/core/model/device.ts";
import { bindingRequest } from "../../../functions/core/stun/binding-messages.ts";
import { decodeAddress } from "../../../functions/core/stun/stun-address.ts";
import {
  checkMessageIntegrity,
  decodeStunMessage,
} from "../../../functions/core/stun/stun-codec.ts";
import {
  findAttribute,
  StunAttributeType,
  StunMessageType,
} from "../../../functions/core/stun/stun-message.ts";

const silent = { info() {}, warn() {}, error() {} };

async function exchange(client: Socket, port: number, datagram: Uint8Array): Promise<Buffer> {
  const reply = once(client, "message");
  client.send(datagram, port, "127.0.0.1");
  const [message] = (await reply) as [Buffer];
  return message;
}

describe("createStunServer", () => {
  const recorded: { deviceId: string; binding: StunBinding }[] = [];
  let server: StunServer;
  let port: number;
  let client: Socket;

  before(async () => {
    server = createStunServer({
      port: 0,
      host: "127.0.0.1",
      serverId: "task-a",
      clock: { now: () => 1_000 },
      logger: silent,
      credentials: async (username) =>
        username === "dev-1" ? { deviceId: "dev-1", password: "stun-pw" } : undefined,
      devices: {
        async recordStunBinding(deviceId, binding) {
          recorded.push({ deviceId, binding });
        },
      },
    });
    ({ port } = await server.start());
    client = createSocket("udp4");
    await new Promise<void>((resolve) => client.bind(0, "127.0.0.1", resolve));
  });
  /** A Binding Request from the client (transaction id all `fill`), and the server's reply. */
  const askBinding = (
    fill: number,
    credentials: { username: string; password: string; bindingChange?: boolean },
  ) =>
    exchange(
      client,
      port,
      bindingRequest({ transactionId: new Uint8Array(12).fill(fill), ...credentials }),
    );
  after(async () => {
    client.close();
    await server.stop();
  });

  it("answers an authenticated request with its XOR-MAPPED-ADDRESS and records the binding", async () => {
    // Act
    const reply = await askBinding(1, {
      username: "dev-1",
      password: "stun-pw",
      bindingChange: true,
    });
    // Assess
    const message = decodeStunMessage(reply);
    assert.equal(message.type, StunMessageType.bindingSuccess);
    assert.equal(checkMessageIntegrity(reply, new TextEncoder().encode("stun-pw")), "valid");
    const mapped = decodeAddress(
      findAttribute(message, StunAttributeType.xorMappedAddress)?.value ?? new Uint8Array(),
      message.transactionId,
    );
    assert.deepEqual(mapped, { family: "IPv4", address: "127.0.0.1", port: client.address().port });
    assert.deepEqual(recorded, [
      {
        deviceId: "dev-1",
        binding: {
          address: "127.0.0.1",
          port: client.address().port,
          lastSeen: 1_000,
          server: "task-a",
          bindingChangedAt: 1_000,
        },
      },
    ]);
  });

  it("answers 401 to a wrong password or an unknown username and records nothing", async () => {
    // Prepare
    recorded.length = 0;
    // Act
    const wrong = await askBinding(2, { username: "dev-1", password: "nope" });
    const unknown = await askBinding(3, { username: "dev-9", password: "stun-pw" });
    // Assess
    for (const reply of [wrong, unknown]) {
      const message = decodeStunMessage(reply);
      assert.equal(message.type, StunMessageType.bindingError);
      assert.deepEqual(
        findAttribute(message, StunAttributeType.errorCode)?.value.subarray(2, 4),
        Uint8Array.from([4, 1]),
      );
    }
    assert.deepEqual(recorded, []);
  });

  it("sends datagrams from its own socket (the port the binding was made to)", async () => {
    // Act
    const received = once(client, "message");
    await server.send("hello", "127.0.0.1", client.address().port);
    const [message, remote] = (await received) as [Buffer, { port: number }];
    // Assess
    assert.equal(message.toString(), "hello");
    assert.equal(remote.port, port);
  });
});
