import { createMemoryStores, type MemoryStores } from "../../functions/adapters/memory/index.ts";
import { createMemoryCampaignProgressStore } from "../../functions/adapters/memory/memory-campaign-progress-store.ts";
import { createMemoryCampaignStore } from "../../functions/adapters/memory/memory-campaign-store.ts";
import { createMemoryDiagnosticStore } from "../../functions/adapters/memory/memory-diagnostic-store.ts";
import { type ApiDeps, defaultApiLimits, type FileDeps } from "../../functions/api/api-deps.ts";
import type { ApiResponse } from "../../functions/api/api-http.ts";
import { createApiService } from "../../functions/api/create-api-service.ts";
import type { Principal } from "../../functions/api/role-policy.ts";
import { builtInSecretPolicy } from "../../functions/core/model/secret-parameters.ts";
import type {
  AcsEvent,
  ConnectionRequestMessage,
  CpeCredentialAdmin,
  ProfileStore,
} from "../../functions/ports.ts";
import type { TaskSecrets } from "../../functions/tasks/task-secrets.ts";

import { deviceRecord } from "../connection-request-service/fixtures.ts";

export const t0 = 1_800_000_000_000;
export const deviceId = "00D09E-HGW-S1";
export const taskDefaults = { lifetimeMs: 3_600_000, maxAttempts: 2 } as const;

/** Stores these tests do not exercise: any use is a test defect, so it fails loudly. */
const unused = new Proxy(
  {},
  {
    get: (_target, name) => () => {
      throw new Error(`unexpected store call ${String(name)}`);
    },
  },
);

/** An empty profile catalog: listing it is all a device view does. */
const noProfiles: ProfileStore = Object.assign(Object.create(unused) as ProfileStore, {
  listProfiles: async (): Promise<string[]> => [],
});

/**
 * The whole provisioning API over memory stores with a clock the test moves. Every poll's sleep
 * moves the clock and then runs `meanwhile` (what a CPE session would do in the interval).
 */
export function apiRig(
  options: {
    readonly meanwhile?: (now: number) => Promise<void>;
    /** Default: the built-in secret names and no sealer (secret values refused). */
    readonly taskSecrets?: TaskSecrets;
    /** Shared with a memory CWMP session (test/support/memory-session.ts); default: fresh. */
    readonly stores?: MemoryStores;
    /** Default: none listed (device views read the list; any other use fails the test). */
    readonly profiles?: ProfileStore;
    /** Default: none (the /files routes answer 503). */
    readonly files?: FileDeps;
  } = {},
) {
  const { table, ...stores } = options.stores ?? createMemoryStores();
  const campaigns = new Map();
  const sent: ConnectionRequestMessage[] = [];
  const logs: { level: string; message: string }[] = [];
  const published: AcsEvent[] = [];
  let now = t0;
  let issued = 0;
  const log = (level: string) => (message: string) => void logs.push({ level, message });
  const campaignStore = createMemoryCampaignStore({ campaigns });
  const campaignProgress = createMemoryCampaignProgressStore({ campaigns: campaignStore });
  const deps: ApiDeps = {
    ...stores,
    campaigns: campaignStore,
    campaignProgress,
    profiles: options.profiles ?? noProfiles,
    cpeCredentials: unused as CpeCredentialAdmin,
    cpeAuthRealm: "acs",
    connectionRequests: { send: async (message) => void sent.push(message) },
    events: { publish: async (events) => void published.push(...events) },
    clock: { now: () => now },
    // Sortable like the real ids: 26 characters of [0-9A-Z].
    ids: {
      randomId: () => `random-${++issued}`,
      sortableId: () => String(++issued).padStart(26, "0"),
    },
    logger: { info: log("info"), warn: log("warn"), error: log("error") },
    sleep: async (ms) => {
      now += ms;
      await options.meanwhile?.(now);
    },
    limits: defaultApiLimits,
    taskDefaults,
    taskSecrets: options.taskSecrets ?? { policy: builtInSecretPolicy },
    ...(options.files && { files: options.files }),
    diagnostics: { store: createMemoryDiagnosticStore(), taskDefaults, timeoutMs: 600_000 },
  };
  const api = createApiService(deps);
  const addDevice = (id = deviceId) => {
    const { taskQueue: _queue, ...device } = deviceRecord({ id });
    table.devices.set(id, { device, queue: new Map() });
  };
  const call = async (
    method: string,
    path: string,
    input: {
      readonly body?: unknown;
      readonly query?: Record<string, string>;
      readonly headers?: Record<string, string>;
      /** Default: an admin (every route allowed); role-policy tests pass another. */
      readonly principal?: Principal;
    } = {},
  ): Promise<ApiResponse & { readonly json: Record<string, unknown> }> => {
    const response = await api.handle({
      method,
      path,
      query: input.query ?? {},
      headers: input.headers ?? {},
      body: input.body === undefined ? undefined : JSON.stringify(input.body),
      principal: input.principal ?? { id: "test-admin", role: "admin", source: "token" },
    });
    return { ...response, json: response.body === "" ? {} : JSON.parse(response.body) };
  };
  return {
    deps,
    stores,
    table,
    campaigns,
    campaignProgress,
    sent,
    logs,
    published,
    addDevice,
    call,
    /** The service itself, for tests that go through a handler in front of it. */
    handle: api.handle,
    now: () => now,
  };
}
