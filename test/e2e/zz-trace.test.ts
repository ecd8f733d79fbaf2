import { after, before, it } from "node:test";
import { bootCpe, startXmppAcsRig, stopXmppAcsRig, type XmppAcsRig, xmppReady } from "../support/xmpp-acs-rig.ts";

let rig: XmppAcsRig | undefined;
before(async () => { rig = await startXmppAcsRig({ admin: true }); });
after(() => stopXmppAcsRig(rig));
it("trace", async () => {
  const r = rig as XmppAcsRig;
  const lines: string[] = [];
  const client = r.acs.dynamo.rawClient;
  const dec = new TextDecoder();
  client.middlewareStack.add((next: any, context: any) => async (args: any) => {
    const body = args.request?.body;
    const text = typeof body === "string" ? body : body instanceof Uint8Array ? dec.decode(body) : "";
    if (text.includes("TRACE01")) lines.push(`${context.commandName} ${text.slice(0, 400)}`);
    return next(args);
  }, { step: "deserialize", priority: "low", name: "trace" });
  const { path } = await bootCpe(r, "TRACE01");
  await xmppReady(r, path);
  await new Promise((res) => setTimeout(res, 1500));
  console.log(lines.join("\n"));
  console.log("TOTAL", lines.length);
});
