import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { layeredCredentialStore } from "../../functions/adapters/credentials/layered-credential-store.ts";
import { createStaticCredentialStore } from "../../functions/adapters/credentials/static-credential-store.ts";
import {
  createMemoryCpeCredentialStore,
  createMemoryStores,
} from "../../functions/adapters/memory/index.ts";
import { createMemoryCampaignProgressStore } from "../../functions/adapters/memory/memory-campaign-progress-store.ts";
import { createRandomIdSource } from "../../functions/adapters/random-id-source.ts";
import {
  type CpeAuthenticatorOptions,
  cpeHa1,
  createCpeAuthenticator,
} from "../../functions/core/auth/cpe-authenticator.ts";
import { createCwmpCodec } from "../../functions/core/cwmp/cwmp-codec.ts";
import { buildAuthorization } from "../../functions/core/http-digest/build-authorization.ts";
import { parseChallenge } from "../../functions/core/http-digest/parse-challenge.ts";
import type { DigestAlgorithm, DigestChallenge } from "../../functions/core/http-digest/types.ts";
import type { CpeCredentialStore } from "../../functions/ports.ts";
import type { CwmpHttpRequest } from "../../functions/services/cwmp-http.ts";
import { createCwmpSessionService } from "../../functions/services/cwmp-session-service.ts";
import { parseCookieHeader } from "../../functions/services/session-cookie.ts";
import { periodicInformBytes } from "../support/periodic-inform.ts";

const realm = "acs";

const informXml = periodicInformBytes;

/** The session service with digest on, memory stores, and a codec and credential store that count. */
function rig(auth: Partial<CpeAuthenticatorOptions> = {}) {
  const stores = createMemoryStores();
  const perDevice = createMemoryCpeCredentialStore(stores.table);
  const shared = createStaticCredentialStore({ username: "fleet", password: "fleet-pass" });
  const layered = layeredCredentialStore([perDevice, shared]);
  const counts = { decodes: 0, credentialReads: 0 };
  const credentials: CpeCredentialStore = {
    credentialFor: (username) => {
      counts.credentialReads += 1;
      return layered.credentialFor(username);
    },
  };
  const codec = createCwmpCodec();
  const logs: { message: string; fields: Record<string, unknown> }[] = [];
  const log = (message: string, fields: Readonly<Record<string, unknown>> = {}) =>
    logs.push({ message, fields: { ...fields } });
  let now = Date.UTC(2026, 11, 1, 12);
  const authenticator = createCpeAuthenticator({
    mode: "digest",
    realm,
    nonceSecret: "secret",
    ...auth,
  });
  const service = createCwmpSessionService({
    codec: {
      ...codec,
      bodyText: (bytes, encoding) => {
        counts.decodes += 1;
        return codec.bodyText(bytes, encoding);
      },
    },
    ...stores,
    credentials,
    authenticator,
    clock: { now: () => now },
    ids: createRandomIdSource(),
    logger: { info: log, warn: log, error: log },
    events: { publish: async () => undefined },
    campaignProgress: createMemoryCampaignProgressStore(),
    sessionIdleTimeoutMs: 30_000,
    maxExchanges: 100,
  });
  const request = (body: Uint8Array, headers: Record<string, string> = {}): CwmpHttpRequest => ({
    method: "POST",
    path: "/cwmp",
    headers,
    cookies: parseCookieHeader(headers.cookie),
    body,
  });
  /** An Authorization answering a fresh challenge. */
  const answer = (
    username: string,
    password: string,
    options: { algorithm?: DigestAlgorithm; uri?: string; nc?: number } = {},
  ) => {
    const challenge = parseChallenge(authenticator.challenge(now)).find(
      (c): c is DigestChallenge =>
        c.scheme === "Digest" && c.algorithm === (options.algorithm ?? "MD5"),
    );
    assert.ok(challenge);
    return buildAuthorization({
      challenge,
      username,
      password,
      method: "POST",
      uri: options.uri ?? "/cwmp",
      cnonce: "cn",
      nc: options.nc ?? 1,
    });
  };
  return {
    service,
    stores,
    perDevice,
    counts,
    logs,
    request,
    answer,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("admit: authentication before the body is read", () => {
  it("answers an unauthenticated 2 MB body 401 with a challenge, never decoding it", async () => {
    // Prepare
    const { service, counts, request } = rig();
    const body = new Uint8Array(2 * 1024 * 1024).fill(0x3c);

    // Act
    const response = await service.handle(request(body));

    // Assess
    assert.equal(response.status, 401);
    assert.match(response.headers["www-authenticate"] ?? "", /^Digest .*SHA-256.*, Digest .*MD5/);
    assert.equal(counts.decodes, 0);
    assert.equal(counts.credentialReads, 0);
  });

  it("refuses a forged session cookie and a wrong password without decoding", async () => {
    // Prepare
    const { service, counts, request, answer } = rig();

    // Act
    const forged = await service.handle(
      request(informXml("S1"), { cookie: "acs_sid=00D09E-HGW-S1:AAAAAAAAAAAAAAAAAAAAAA" }),
    );
    const wrong = await service.handle(
      request(informXml("S1"), { authorization: answer("fleet", "nope") }),
    );

    // Assess
    assert.deepEqual([forged.status, wrong.status], [401, 401]);
    assert.equal(counts.decodes, 0);
  });

  it("admits from the headers alone, with one credential read", async () => {
    // Prepare
    const { service, counts, answer } = rig();

    // Act
    const outcome = await service.admit({
      method: "POST",
      path: "/cwmp",
      headers: { authorization: answer("fleet", "fleet-pass") },
      cookies: {},
    });

    // Assess
    assert.equal(outcome.kind, "admitted");
    assert.ok(outcome.kind === "admitted" && outcome.admission.kind === "authenticated");
    assert.equal(outcome.admission.auth.username, "fleet");
    assert.equal(counts.credentialReads, 1);
  });

  it("carries a session on its cookie without reading credentials again", async () => {
    // Prepare
    const { service, counts, request, answer } = rig();
    const opened = await service.handle(
      request(informXml("S1"), { authorization: answer("fleet", "fleet-pass") }),
    );
    const cookie = opened.cookies?.[0]?.split(";")[0] ?? "";
    const readsAfterInform = counts.credentialReads;

    // Act
    const next = await service.handle(request(new Uint8Array(), { cookie }));

    // Assess
    assert.equal(opened.status, 200);
    assert.equal(next.status, 204);
    assert.equal(counts.credentialReads, readsAfterInform);
  });

  it("refuses a digest uri other than the request path", async () => {
    const { service, request, answer } = rig();
    const response = await service.handle(
      request(informXml("S1"), { authorization: answer("fleet", "fleet-pass", { uri: "/" }) }),
    );
    assert.equal(response.status, 401);
  });

  it("refuses GET with 405 before anything else", async () => {
    const { service } = rig();
    const outcome = await service.admit({ method: "GET", path: "/", headers: {}, cookies: {} });
    assert.ok(outcome.kind === "refused");
    assert.equal(outcome.response.status, 405);
  });
});

describe("after decoding: the Inform's device", () => {
  it("refuses an identical Authorization the second time (replay), logging it", async () => {
    // Prepare
    const { service, request, answer, logs, advance } = rig();
    const authorization = answer("fleet", "fleet-pass");
    const first = await service.handle(request(informXml("S1"), { authorization }));
    advance(31_000); // the first session's lease is over: only the replay guard is left

    // Act
    const replay = await service.handle(request(informXml("S1"), { authorization }));

    // Assess
    assert.equal(first.status, 200);
    assert.equal(replay.status, 401);
    assert.doesNotMatch(replay.headers["www-authenticate"] ?? "", /stale=true/);
    const line = logs.find((entry) => entry.message === "digest replay refused");
    assert.equal(line?.fields.deviceId, "00D09E-HGW-S1");
  });

  it("refuses the shared credential for a device with its own; its own works", async () => {
    // Prepare
    const { service, perDevice, request, answer, logs } = rig();
    const ha1 = cpeHa1("cpe-s1", realm, "own-pass");
    await perDevice.putCredential("cpe-s1", { ha1, deviceId: "00D09E-HGW-S1", now: 0 });

    // Act
    const shared = await service.handle(
      request(informXml("S1"), { authorization: answer("fleet", "fleet-pass") }),
    );
    const own = await service.handle(
      request(informXml("S1"), { authorization: answer("cpe-s1", "own-pass") }),
    );
    const elsewhere = await service.handle(
      request(informXml("S2"), { authorization: answer("cpe-s1", "own-pass") }),
    );

    // Assess
    assert.deepEqual([shared.status, own.status, elsewhere.status], [401, 200, 401]);
    assert.ok(logs.some((entry) => entry.message.startsWith("shared credential refused")));
  });

  it("answers a SHA-256 response for an MD5-only record with an MD5-only challenge", async () => {
    // Prepare
    const { service, stores, request, answer } = rig();
    const { md5 } = cpeHa1("old", realm, "old-pass");
    stores.table.cpeCredentials.set("old", { md5, deviceId: "00D09E-HGW-S1" });

    // Act
    const sha = await service.handle(
      request(informXml("S1"), {
        authorization: answer("old", "old-pass", { algorithm: "SHA-256" }),
      }),
    );
    const md5Answer = await service.handle(
      request(informXml("S1"), { authorization: answer("old", "old-pass") }),
    );

    // Assess
    assert.equal(sha.status, 401);
    const offered = parseChallenge(sha.headers["www-authenticate"] ?? "");
    assert.deepEqual(
      offered.map((c) => c.scheme === "Digest" && [c.algorithm, c.stale]),
      [["MD5", true]],
    );
    assert.equal(md5Answer.status, 200);
  });
});

describe("answers without qop (ACS_CPE_DIGEST_LEGACY)", () => {
  /** An RFC 2069 answer (no qop, nc, cnonce) to the MD5 challenge. */
  function legacyAnswer(challengeHeader: string): string {
    const md5 = parseChallenge(challengeHeader).find(
      (c): c is DigestChallenge => c.scheme === "Digest" && c.algorithm === "MD5",
    );
    assert.ok(md5);
    return buildAuthorization({
      challenge: { ...md5, qop: [] },
      username: "fleet",
      password: "fleet-pass",
      method: "POST",
      uri: "/cwmp",
      cnonce: "",
      nc: 1,
    });
  }

  it("are refused by default and accepted, logged for the metric, with the option", async () => {
    // Prepare
    const strict = rig();
    const legacy = rig({ acceptWithoutQop: true });
    const challenge = async (r: ReturnType<typeof rig>) =>
      (await r.service.handle(r.request(informXml("S1")))).headers["www-authenticate"] ?? "";

    // Act
    const refused = await strict.service.handle(
      strict.request(informXml("S1"), { authorization: legacyAnswer(await challenge(strict)) }),
    );
    const accepted = await legacy.service.handle(
      legacy.request(informXml("S1"), { authorization: legacyAnswer(await challenge(legacy)) }),
    );

    // Assess
    assert.equal(refused.status, 401);
    assert.equal(accepted.status, 200);
    assert.equal(
      legacy.logs.filter((entry) => entry.message === "digest answer without qop accepted").length,
      1,
    );
    assert.ok(!strict.logs.some((entry) => entry.message === "digest answer without qop accepted"));
  });
});
