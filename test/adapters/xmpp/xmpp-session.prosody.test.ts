import { startProsody } from "../../support/prosody.ts";
import { requireBinary } from "../../support/xmpp-require-binary.ts";
import { describeSessionContract } from "./xmpp-session-contract.ts";

const skip = requireBinary("prosody");

describeSessionContract("prosody with XEP-0198 stream management", {
  skip,
  start: startProsody,
  serverOptions: { streamManagement: true },
});

describeSessionContract("prosody without stream management", {
  skip,
  start: startProsody,
  serverOptions: { streamManagement: false },
});
