import { startEjabberd } from "../../support/ejabberd.ts";
import { requireBinary } from "../../support/xmpp-require-binary.ts";
import { describeAddUserContract } from "./xmpp-add-user-contract.ts";

describeAddUserContract("ejabberd (mod_adhoc + mod_configure)", {
  skip: requireBinary("ejabberdctl"),
  start: startEjabberd,
});
