import { startProsody } from "../../support/prosody.ts";
import { requireBinary } from "../../support/xmpp-require-binary.ts";
import { describeAddUserContract } from "./xmpp-add-user-contract.ts";

describeAddUserContract("prosody (mod_admin_adhoc)", {
  skip: requireBinary("prosody"),
  start: startProsody,
});
