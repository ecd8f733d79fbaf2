import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildConnectionRequestIq,
  NS_XMPP_CONN_REQ,
} from "../../../functions/adapters/xmpp/connection-request-iq.ts";

describe("buildConnectionRequestIq", () => {
  it("serializes compactly, with escaped text (TR-069 Annex K)", () => {
    // Act
    const iq = buildConnectionRequestIq({
      id: "cr-1",
      to: "cpe@example.com/cwmp",
      username: "u<1>",
      password: "p&w",
    });
    // Assess
    assert.equal(
      iq.toString(),
      `<iq type="get" to="cpe@example.com/cwmp" id="cr-1"><connectionRequest xmlns="${NS_XMPP_CONN_REQ}">` +
        "<username>u&lt;1&gt;</username><password>p&amp;w</password></connectionRequest></iq>",
    );
  });
});
