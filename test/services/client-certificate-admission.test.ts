import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMemoryStores } from "../../functions/adapters/memory/index.ts";
import { createMemoryCampaignProgressStore } from "../../functions/adapters/memory/memory-campaign-progress-store.ts";
import { createRandomIdSource } from "../../functions/adapters/random-id-source.ts";
import type { ClientCertificate } from "../../functions/core/auth/client-certificate.ts";
import { createCpeAuthenticator } from "../../functions/core/auth/cpe-authenticator.ts";
import { createCwmpCodec } from "../../functions/core/cwmp/cwmp-codec.ts";
import type { CwmpHttpRequest } from "../../functions/services/cwmp-http.ts";
import { createCwmpSessionService } from "../../functions/services/cwmp-session-service.ts";
import { parseCookieHeader } from "../../functions/services/session-cookie.ts";
import { periodicInformBytes } from "../support/periodic-inform.ts";

const codec = createCwmpCodec();

const inform = periodicInformBytes;

/** Digest mode, no credentials at all: only a certificate can get a CPE in. */
function rig() {
  const warnings: string[] = [];
  const log = () => undefined;
  const service = createCwmpSessionService({
    codec,
    ...createMemoryStores(),
    credentials: { credentialFor: async () => undefined },
    authenticator: createCpeAuthenticator({ mode: "digest", realm: "acs", nonceSecret: "s" }),
    clock: { now: () => Date.UTC(2026, 11, 7, 10) },
    ids: createRandomIdSource(),
    logger: { info: log, warn: (message) => warnings.push(message), error: log },
    events: { publish: async () => undefined },
    campaignProgress: createMemoryCampaignProgressStore(),
    sessionIdleTimeoutMs: 30_000,
    maxExchanges: 100,
  });
  const post = (
    body: Uint8Array,
    certificate: ClientCertificate | undefined,
    cookie = "",
  ): CwmpHttpRequest => ({
    method: "POST",
    path: "/cwmp",
    headers: cookie ? { cookie } : {},
    cookies: parseCookieHeader(cookie),
    body,
    ...(certificate && { clientCertificate: certificate }),
  });
  return { service, post, warnings };
}

const certFor = (deviceId: string): ClientCertificate => ({
  subject: `CN=${deviceId},O=Example Operator`,
  serialNumber: "5A1F3C0D",
  issuer: "CN=Example CPE CA",
});

describe("a verified client certificate authenticates the device its CN names", () => {
  it("opens the session of the device named by the CN, without a password", async () => {
    // Prepare
    const { service, post } = rig();

    // Act
    const response = await service.handle(post(inform("S1"), certFor("00D09E-HGW-S1")));

    // Assess
    assert.equal(response.status, 200);
    assert.match(response.cookies?.[0] ?? "", /^acs_sid=/);
  });

  it("refuses an Inform from another device than the CN names", async () => {
    // Prepare
    const { service, post, warnings } = rig();

    // Act
    const response = await service.handle(post(inform("S2"), certFor("00D09E-HGW-S1")));

    // Assess
    assert.equal(response.status, 401);
    assert.ok(warnings.includes("credential used by another device"));
  });

  it("refuses a certificate without CN, and no certificate at all", async () => {
    // Prepare
    const { service, post } = rig();
    const noCn = { ...certFor("x"), subject: "O=Example Operator" };

    // Act
    const withoutCn = await service.handle(post(inform("S1"), noCn));
    const without = await service.handle(post(inform("S1"), undefined));

    // Assess
    assert.equal(withoutCn.status, 401);
    assert.equal(without.status, 401);
  });

  it("refuses one device's session cookie presented with another device's certificate", async () => {
    // Prepare
    const { service, post } = rig();
    const opened = await service.handle(post(inform("S1"), certFor("00D09E-HGW-S1")));
    const cookie = opened.cookies?.[0]?.split(";")[0] ?? "";

    // Act
    const stolen = await service.handle(post(new Uint8Array(), certFor("00D09E-HGW-S2"), cookie));
    const own = await service.handle(post(new Uint8Array(), certFor("00D09E-HGW-S1"), cookie));

    // Assess
    assert.equal(stolen.status, 403);
    assert.notEqual(own.status, 403);
    assert.notEqual(own.status, 401);
  });
});
