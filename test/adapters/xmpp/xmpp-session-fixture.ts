import type {
  XmppCrOutcome,
  XmppSession,
  XmppSessionOptions,
  XmppSessionStatus,
} from "../../../functions/adapters/xmpp/types.ts";
import { createXmppSession } from "../../../functions/adapters/xmpp/xmpp-session.ts";
import type { Logger } from "../../../functions/ports.ts";
import { type CpeAgent, type CpeBehaviour, startCpeAgent } from "../../support/xmpp-cpe-agent.ts";
import type { XmppTestServer, XmppTestServerOptions } from "../../support/xmpp-test-server.ts";

export const NS_CONN_REQ = "urn:broadband-forum-org:cwmp:xmppConnReq-1-0";
export const ACS = { user: "acs", password: "acs-secret" };
export const CR_USER = "crUser";
/** Characters that must be escaped, to prove the text survives the round trip unchanged. */
export const CR_PASSWORD = `cr&Pa<ss>"'`;

export interface RecordingLogger extends Logger {
  entries: Array<{ level: string; message: string } & Record<string, unknown>>;
}

export function recordingLogger(): RecordingLogger {
  const entries: RecordingLogger["entries"] = [];
  const record =
    (level: string) =>
    (message: string, fields?: Readonly<Record<string, unknown>>): void => {
      entries.push({ level, message, ...fields });
    };
  return { entries, info: record("info"), warn: record("warn"), error: record("error") };
}

export function sessionFor(
  server: XmppTestServer,
  overrides: Partial<XmppSessionOptions> = {},
): XmppSession {
  return createXmppSession({
    service: server.service,
    jid: `${ACS.user}@${server.domain}`,
    password: ACS.password,
    resource: `acs-${Math.random().toString(36).slice(2, 10)}`,
    requireTls: false,
    keepAliveIntervalMs: 5_000,
    connectTimeoutMs: 3_000,
    reconnect: { initialDelayMs: 50, maxDelayMs: 400 },
    ...overrides,
  });
}

/** Resolves when the session reaches `wanted` (now or later); rejects after timeoutMs. */
export function waitForStatus(
  session: XmppSession,
  wanted: XmppSessionStatus,
  timeoutMs = 10_000,
): Promise<void> {
  if (session.status === wanted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`status ${wanted} not reached (still ${session.status})`));
    }, timeoutMs);
    const unsubscribe = session.onStatus((status) => {
      if (status !== wanted) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

export function sendCr(
  session: XmppSession,
  to: string,
  timeoutMs = 3_000,
): Promise<XmppCrOutcome> {
  return session.sendConnectionRequest({ to, username: CR_USER, password: CR_PASSWORD, timeoutMs });
}

export const CPE_BEHAVIOURS: ReadonlyArray<{ user: string; behaviour: CpeBehaviour }> = [
  { user: "cpe-ok", behaviour: "result" },
  { user: "cpe-denied", behaviour: "not-authorized" },
  { user: "cpe-misspelt", behaviour: "not-autorized" },
  { user: "cpe-busy", behaviour: "service-unavailable" },
  { user: "cpe-silent", behaviour: "silent" },
];
export const OFFLINE_CPE = "cpe-offline";

export interface Fixture {
  server: XmppTestServer;
  agents: Map<string, CpeAgent>;
  session: XmppSession;
  logger: RecordingLogger;
  statuses: XmppSessionStatus[];
  /** Full JID of a CPE account's "cwmp" resource. */
  cpe(user: string): string;
  startAgent(user: string, behaviour: CpeBehaviour): Promise<CpeAgent>;
}

export async function setUpFixture(
  start: (options: XmppTestServerOptions) => Promise<XmppTestServer>,
  options: XmppTestServerOptions,
): Promise<Fixture> {
  const accounts = [ACS, ...CPE_BEHAVIOURS, { user: OFFLINE_CPE }].map((account) => ({
    user: account.user,
    password: `${account.user}-pw`,
  }));
  accounts[0] = ACS;
  const server = await start({ ...options, accounts });
  const agents = new Map<string, CpeAgent>();
  const startAgent = async (user: string, behaviour: CpeBehaviour) => {
    const agent = await startCpeAgent({
      service: server.service,
      domain: server.domain,
      username: user,
      password: `${user}-pw`,
      behaviour,
    });
    agents.set(user, agent);
    return agent;
  };
  await Promise.all(CPE_BEHAVIOURS.map(({ user, behaviour }) => startAgent(user, behaviour)));
  const logger = recordingLogger();
  const session = sessionFor(server, { logger });
  const statuses: XmppSessionStatus[] = [];
  session.onStatus((status) => statuses.push(status));
  await session.start();
  return {
    server,
    agents,
    session,
    logger,
    statuses,
    cpe: (user) => `${user}@${server.domain}/cwmp`,
    startAgent,
  };
}

export async function tearDownFixture(fixture: Fixture | undefined): Promise<void> {
  if (fixture === undefined) return;
  await fixture.session.stop();
  await Promise.all([...fixture.agents.values()].map((agent) => agent.stop()));
  await fixture.server.stop();
}
