import { startEjabberd } from "../../support/ejabberd.ts";
import { requireBinary } from "../../support/xmpp-require-binary.ts";
import { describeSessionContract } from "./xmpp-session-contract.ts";

describeSessionContract("ejabberd with XEP-0198 stream management", {
  skip: requireBinary("ejabberdctl"),
  start: startEjabberd,
  serverOptions: { streamManagement: true },
});

describeSessionContract("ejabberd without stream management", {
  skip: requireBinary("ejabberdctl"),
  start: startEjabberd,
  serverOptions: { streamManagement: false },
});
