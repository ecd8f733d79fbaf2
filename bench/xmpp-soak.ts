import { createXmppSession } from "../functions/adapters/xmpp/index.ts";
import { startProsody } from "../test/support/prosody.ts";
import { startCpeAgent } from "../test/support/xmpp-cpe-agent.ts";

/**
 * XMPP session soak (run by hand, not in `npm test`): one XmppSession with the
 * production keep-alive settings against prosody, idling IDLE_MINUTES, then
 * SOAK_CRS connection requests through the same session. Prints the status
 * changes and the outcome counts.
 *   npx tsx bench/xmpp-soak.ts            (IDLE_MINUTES=60 SOAK_CRS=100000)
 */
const idleMinutes = Number(process.env.IDLE_MINUTES ?? 60);
const crs = Number(process.env.SOAK_CRS ?? 100_000);
const window = 64;

const server = await startProsody({
  streamManagement: process.env.SOAK_SMACKS === "1",
  accounts: [
    { user: "acs", password: "acs-secret" },
    { user: "cpe", password: "cpe-secret" },
  ],
});
const agent = await startCpeAgent({
  service: server.service,
  domain: server.domain,
  username: "cpe",
  password: "cpe-secret",
  behaviour: "result",
});
const statuses: string[] = [];
const session = createXmppSession({
  service: server.service,
  jid: `acs@${server.domain}`,
  password: "acs-secret",
  resource: "soak",
  requireTls: false,
});
session.onStatus((status) => statuses.push(`${new Date().toISOString()} ${status}`));
await session.start();
const log = (text: string) => process.stdout.write(`${new Date().toISOString()} ${text}\n`);
log(`online; idling ${idleMinutes} min (keep-alive default)`);
for (let minute = 1; minute <= idleMinutes; minute++) {
  await new Promise((resolve) => setTimeout(resolve, 60_000));
  if (minute % 10 === 0) log(`idle ${minute} min, status ${session.status}`);
}
const outcomes = new Map<string, number>();
let next = 0;
const started = Date.now();
await Promise.all(
  Array.from({ length: window }, async () => {
    while (next < crs) {
      next += 1;
      const outcome = await session.sendConnectionRequest({
        to: agent.jid,
        username: "u",
        password: "p",
        timeoutMs: 10_000,
      });
      outcomes.set(outcome.kind, (outcomes.get(outcome.kind) ?? 0) + 1);
    }
  }),
);
log(
  `${crs} CRs in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(Object.fromEntries(outcomes))}`,
);
log(`status changes: ${JSON.stringify(statuses)}; pending IQs ${session.pendingIqs}`);
await session.stop();
await agent.stop();
await server.stop();
