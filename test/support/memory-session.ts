import { noCredentials } from "../../functions/adapters/credentials/static-credential-store.ts";
import { createMemoryStores, type MemoryStores } from "../../functions/adapters/memory/index.ts";
import { createMemoryCampaignProgressStore } from "../../functions/adapters/memory/memory-campaign-progress-store.ts";
import { createMemoryCampaignStore } from "../../functions/adapters/memory/memory-campaign-store.ts";
import { createRandomIdSource } from "../../functions/adapters/random-id-source.ts";
import { createCpeAuthenticator } from "../../functions/core/auth/cpe-authenticator.ts";
import type { AcsMessage } from "../../functions/core/cwmp/acs-messages.ts";
import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
import { createCwmpCodec } from "../../functions/core/cwmp/cwmp-codec.ts";
import {
  createSendHintSigner,
  type SendHintSigner,
} from "../../functions/core/session/send-hint.ts";
import type {
  AcsEvent,
  CampaignProgressStore,
  DeviceStore,
  ParameterStore,
  TaskStore,
} from "../../functions/ports.ts";
import type { CwmpHttpResponse } from "../../functions/services/cwmp-http.ts";
import { createCwmpSessionService } from "../../functions/services/cwmp-session-service.ts";
import type { DiagnosticsDeps } from "../../functions/services/diagnostics/diagnostics-deps.ts";
import type { SessionFiles } from "../../functions/services/session-deps.ts";
import type { TaskSecrets } from "../../functions/tasks/task-secrets.ts";

/** Stores a session service uses; a test may wrap them (e.g. to inject faults). */
export interface SessionStores {
  readonly devices: DeviceStore;
  readonly parameters: ParameterStore;
  readonly tasks: TaskStore;
  readonly campaignProgress: CampaignProgressStore;
}

/**
 * The CWMP session service on the memory stores, with a clock the test moves and a logger
 * and event sink it reads: the session engine without any I/O.
 */
export function memorySession(
  options: {
    wrap?: (stores: SessionStores) => SessionStores;
    idleTimeoutMs?: number;
    /** Opens tasks' sealed secret values; without it such tasks end faulted. */
    taskSecrets?: TaskSecrets;
    /** The file store (Download by fileId, Upload to the ACS); without it they end faulted. */
    files?: SessionFiles;
    /** Diagnostics (results read on 8 DIAGNOSTICS COMPLETE); without it none are read. */
    diagnostics?: DiagnosticsDeps;
    /** Signed send hints in the cookie (send-hint.ts), as deployed; false: none issued. */
    sendHints?: SendHintSigner | false;
  } = {},
) {
  const stores: MemoryStores = createMemoryStores();
  // Campaigns the test creates, pauses or halts; the session reads their statuses from them.
  const campaigns = createMemoryCampaignStore();
  const campaignProgress = createMemoryCampaignProgressStore({ campaigns });
  let now = Date.UTC(2026, 11, 1, 12, 0, 0);
  const clock = { now: () => now };
  const logs: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const log =
    (level: string) =>
    (message: string, fields: Readonly<Record<string, unknown>> = {}) =>
      logs.push({ level, message, fields: { ...fields } });
  const events: AcsEvent[] = [];
  const codec = createCwmpCodec();
  const sessionStores: SessionStores = { ...stores, campaignProgress };
  const used = options.wrap ? options.wrap(sessionStores) : sessionStores;
  const service = createCwmpSessionService({
    codec,
    ...used,
    credentials: noCredentials,
    authenticator: createCpeAuthenticator({ mode: "none", realm: "acs", nonceSecret: "s" }),
    clock,
    ids: createRandomIdSource(),
    logger: { info: log("info"), warn: log("warn"), error: log("error") },
    events: { publish: async (batch) => void events.push(...batch) },
    sessionIdleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    maxExchanges: 100,
    ...(options.taskSecrets && { taskSecrets: options.taskSecrets }),
    ...(options.files && { files: options.files }),
    ...(options.diagnostics && { diagnostics: options.diagnostics }),
    ...(options.sendHints !== false && {
      sendHints: options.sendHints ?? createSendHintSigner("memory-session-secret"),
    }),
  });
  return {
    stores,
    campaigns,
    campaignProgress,
    clock,
    logs,
    events,
    codec,
    advance: (ms: number) => {
      now += ms;
    },
    /** One POST of a CPE message (null: empty POST) with the session cookie, if any. */
    post: async (body: CpeMessage | null, cookie?: string): Promise<Exchange> => {
      const text =
        body === null
          ? ""
          : codec.encodeCpeMessage({
              cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
              header: { id: "c1" },
              body,
            });
      const response = await service.handle({
        method: "POST",
        path: "/",
        headers: { "content-type": "text/xml" },
        cookies: cookie ? parseCookie(cookie) : {},
        body: new TextEncoder().encode(text),
      });
      return exchange(codec, response);
    },
  };
}

export type MemorySession = ReturnType<typeof memorySession>;

export interface Exchange {
  readonly status: number;
  /** `acs_sid=...` from Set-Cookie, when the ACS set one. */
  readonly cookie?: string;
  /** The ACS's RPC, when it sent one. */
  readonly rpc?: AcsMessage;
  readonly response: CwmpHttpResponse;
}

function exchange(codec: ReturnType<typeof createCwmpCodec>, response: CwmpHttpResponse): Exchange {
  const cookie = response.cookies?.[0]?.split(";")[0];
  const rpc =
    response.status === 200 && response.body
      ? (codec.decodeAcsMessage(response.body).body ?? undefined)
      : undefined;
  return { status: response.status, response, ...(cookie && { cookie }), ...(rpc && { rpc }) };
}

function parseCookie(cookie: string): Record<string, string> {
  const [name = "", value = ""] = cookie.split("=", 2);
  return { [name]: value };
}
