import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  connectionRequestReadiness,
  isXmppReady,
} from "../../../functions/core/model/connection-request-readiness.ts";

describe("isXmppReady", () => {
  it("is ready with a ConnReqJabberID and no error Status learned after it", () => {
    assert.equal(isXmppReady("cpe@xmpp.example/cwmp"), true);
    assert.equal(
      isXmppReady("cpe@xmpp.example/cwmp", { status: "Error", learnedAfterJabberId: false }),
      true,
    );
  });

  it("is not ready without a ConnReqJabberID or with a later error Status", () => {
    assert.equal(isXmppReady(undefined), false);
    assert.equal(isXmppReady(""), false);
    assert.equal(
      isXmppReady("cpe@xmpp.example/cwmp", {
        status: "ServerNotPresent",
        learnedAfterJabberId: true,
      }),
      false,
    );
  });
});

describe("connectionRequestReadiness", () => {
  it("prefers XMPP, then the ConnectionRequestURL, else unreachable", () => {
    const url = "http://192.0.2.7:7547/cr";
    assert.equal(
      connectionRequestReadiness({ connReqJabberId: "cpe@x/cwmp", connectionRequestUrl: url }),
      "xmpp-ready",
    );
    assert.equal(connectionRequestReadiness({ connectionRequestUrl: url }), "http-only");
    assert.equal(
      connectionRequestReadiness(
        { connReqJabberId: "cpe@x/cwmp", connectionRequestUrl: url },
        { status: "Error_AuthenticationFailure", learnedAfterJabberId: true },
      ),
      "http-only",
    );
    assert.equal(connectionRequestReadiness({}), "unreachable");
  });
});
