import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { XmppAuthenticationError } from "../../functions/adapters/xmpp/errors.ts";
import { openXmppEndpoint } from "../../functions/adapters/xmpp/xmpp-endpoint.ts";
import {
  derivedXmppPassword,
  xmppUsernameFor,
} from "../../functions/core/provisioning/derived-xmpp-password.ts";
import { serviceUser } from "../../functions/local/xmpp/service-user.ts";
import {
  bundleLikeTheImage,
  descendants,
  directTlsFeatures,
  environOf,
  isRunning,
  selfSignedPem,
} from "../support/xmpp-container-process.ts";
import { findBinary, requireBinary } from "../support/xmpp-require-binary.ts";
import {
  freePort,
  type ServerProcess,
  spawnServer,
  waitForPort,
} from "../support/xmpp-server-process.ts";

const DOMAIN = "acs.test";

// Under CI=true a missing ejabberd fails here instead of skipping.
const skip = requireBinary("ejabberdctl");

/**
 * The image's entry point outside the image: the bundles the Dockerfile builds, started as the
 * image starts them (node start.mjs, as Debian's ejabberd user like the image's `USER
 * ejabberd`: ejabberdctl run by root would go through `su` instead), with the task's variables.
 */
describe("the XMPP server image's entry point (start.mjs with Debian's ejabberd)", { skip }, () => {
  let root: string;
  let server: ServerProcess;
  let caPem: string;
  let starttlsPort: number;
  let directTlsPort: number;
  const acsPassword = randomBytes(18).toString("base64url");
  const accountKey = randomBytes(24).toString("base64url");

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "xmpp-container-"));
    await chmod(root, 0o755);
    const app = join(root, "app");
    const run = join(root, "run");
    await mkdir(run);
    const ejabberd = serviceUser("ejabberd");
    await ejabberd.own([run]); // the image chowns its run volume to ejabberd
    const bundles = await bundleLikeTheImage(app);
    const tls = await selfSignedPem(root, DOMAIN);
    caPem = tls.caPem;
    starttlsPort = await freePort();
    directTlsPort = await freePort();
    const env = {
      PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      XMPP_RUN_DIR: run,
      XMPP_DOMAIN: DOMAIN,
      XMPP_ACS_USER: "acs",
      XMPP_ACS_PASSWORD: acsPassword,
      XMPP_ACCOUNT_KEY: accountKey,
      XMPP_TLS_PEM: tls.pem,
      XMPP_EXT_AUTH_PROGRAM: bundles.get("ext-auth.mjs") ?? "",
      XMPP_EJABBERDCTL: findBinary("ejabberdctl") ?? "",
      XMPP_STARTTLS_PORT: String(starttlsPort),
      XMPP_DIRECT_TLS_PORT: String(directTlsPort),
    };
    const variables = Object.entries(env).map(([name, value]) => `${name}=${value}`);
    const start = [process.execPath, bundles.get("start.mjs") ?? ""];
    const [command, args] = ejabberd.wrap("env", ["-i", ...variables, ...start]);
    server = spawnServer(command, args, run);
    const up = await waitForPort("127.0.0.1", starttlsPort, server, 60_000);
    assert.ok(up, `ejabberd did not listen:\n${server.output()}`);
  });

  after(async () => {
    await server?.stop(15_000);
    await rm(root, { recursive: true, force: true });
  });

  const login = (
    username: string,
    password: string,
    service = `xmpp://127.0.0.1:${starttlsPort}`,
  ) =>
    openXmppEndpoint({
      service,
      domain: DOMAIN,
      username,
      password,
      resource: "test",
      requireTls: true,
      tlsCa: caPem,
      onIq: () => ({ kind: "result" }),
    });

  it("lets the ACS account in with XMPP_ACS_PASSWORD over STARTTLS", async () => {
    const endpoint = await login("acs", acsPassword);
    assert.equal(endpoint.secure, true);
    assert.match(endpoint.boundJid, /^acs@acs\.test\//);
    await endpoint.close();
  });

  it("lets a CPE in with HMAC(XMPP_ACCOUNT_KEY, username) and no account registered", async () => {
    const user = xmppUsernameFor("000000-Box-IMG1");
    const endpoint = await login(user, derivedXmppPassword(accountKey, user));
    assert.match(user, /^cpe-[0-9a-f]{24}$/);
    assert.match(endpoint.boundJid, new RegExp(`^${user}@acs\\.test/`));
    await endpoint.close();
  });

  it("serves direct TLS on XMPP_DIRECT_TLS_PORT with the certificate from XMPP_TLS_PEM", async () => {
    // The endpoint adapter's xmpps: path does not take a CA, so a raw TLS stream start here.
    const features = await directTlsFeatures(directTlsPort, DOMAIN, caPem);
    assert.match(features, /<mechanisms[^>]*>.*PLAIN/s);
  });

  it("refuses a CPE with a wrong password and the ACS with the account key", async () => {
    const user = xmppUsernameFor("000000-Box-IMG2");
    await assert.rejects(
      login(user, derivedXmppPassword("another-key", user)),
      XmppAuthenticationError,
    );
    await assert.rejects(login("acs", accountKey), XmppAuthenticationError);
  });

  it("keeps the secrets out of ejabberd's environment", () => {
    const children = descendants(server.pid);
    assert.ok(
      children.some((child) => child.name === "beam.smp"),
      `no beam.smp under node: ${JSON.stringify(children)}`,
    );
    for (const child of children) {
      const environ = environOf(child.pid);
      for (const secret of [acsPassword, accountKey, "PRIVATE KEY"]) {
        assert.ok(!environ.includes(secret), `${child.name} (${child.pid}) has a secret`);
      }
      assert.ok(!environ.includes("XMPP_TLS_PEM="), `${child.name} has XMPP_TLS_PEM`);
    }
  });

  it("stops ejabberd and exits on SIGTERM to node (ECS stopping the task)", async () => {
    const children = descendants(server.pid);
    process.kill(server.pid, "SIGTERM");
    const code = await server.exited;
    assert.equal(code, 0, server.output());
    assert.deepEqual(
      children.filter((child) => isRunning(child.pid)),
      [],
    );
  });
});
