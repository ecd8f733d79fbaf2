import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { XmppAuthenticationError } from "../../functions/adapters/xmpp/errors.ts";
import { openXmppEndpoint } from "../../functions/adapters/xmpp/xmpp-endpoint.ts";
import {
  derivedXmppPassword,
  xmppUsernameFor,
} from "../../functions/core/provisioning/derived-xmpp-password.ts";
import {
  type LocalEjabberd,
  startLocalEjabberd,
} from "../../functions/local/xmpp/start-local-ejabberd.ts";
import { requireBinary } from "../support/xmpp-require-binary.ts";
import { freePort } from "../support/xmpp-server-process.ts";

const DOMAIN = "acs.test";

// Under CI=true a missing ejabberd fails here instead of skipping.
const skip = requireBinary("ejabberdctl");

describe("npm run xmpp -- --server ejabberd (external auth)", { skip }, () => {
  let dir: string;
  let server: LocalEjabberd;
  let caCert: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "local-ejabberd-"));
    const port = await freePort();
    server = await startLocalEjabberd({
      dir,
      host: "127.0.0.1",
      port,
      domain: DOMAIN,
      acsUser: "acs",
    });
    caCert = await readFile(server.certPath, "utf8");
  });

  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const login = (username: string, password: string) =>
    openXmppEndpoint({
      service: server.service,
      domain: DOMAIN,
      username,
      password,
      resource: "test",
      requireTls: true,
      tlsCa: caCert,
      onIq: () => ({ kind: "result" }),
    });

  it("lets the ACS account in with its configured password, over TLS", async () => {
    const endpoint = await login("acs", server.password);
    assert.equal(endpoint.secure, true);
    assert.match(endpoint.boundJid, /^acs@acs\.test\/test/);
    await endpoint.close();
  });

  it("lets a CPE in with HMAC(key, username) and no account registered", async () => {
    const user = xmppUsernameFor("000000-Box-EJ1");
    const endpoint = await login(user, derivedXmppPassword(server.accountKey, user));
    assert.match(endpoint.boundJid, new RegExp(`^${user}@acs\\.test/`));
    await endpoint.close();
  });

  it("refuses a CPE with a wrong password", async () => {
    const user = xmppUsernameFor("000000-Box-EJ2");
    await assert.rejects(login(user, "not-the-hmac"), XmppAuthenticationError);
  });
});
