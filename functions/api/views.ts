import type { CampaignRecord } from "../core/model/campaign.ts";
import type { DeviceRecord, StoredParameter } from "../core/model/device.ts";
import type { TaskRecord, TaskSpec } from "../core/model/task.ts";
import { provisioningView, xmppReadinessView } from "./provisioning-view.ts";

/** What the API shows: ISO times, no secrets. */
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** Passwords given for transfers are never shown back. */
function redacted(spec: TaskSpec): TaskSpec {
  if ((spec.name === "download" || spec.name === "upload") && spec.password !== undefined) {
    return { ...spec, password: "********" };
  }
  return spec;
}

export function taskView(task: TaskRecord) {
  return {
    id: task.id,
    deviceId: task.deviceId,
    name: task.spec.name,
    task: redacted(task.spec),
    status: task.status,
    createdAt: iso(task.createdAt),
    updatedAt: iso(task.updatedAt),
    expiresAt: iso(task.expiresAt),
    attempts: task.attempts,
    maxAttempts: task.maxAttempts,
    ...(task.result && { result: task.result }),
    ...(task.fault && { fault: task.fault }),
    ...(task.reason && { reason: task.reason }),
    ...(task.history && {
      history: task.history.map((a) => ({ ...a, at: iso(a.at) })),
    }),
    ...(task.lateReply && { lateReply: { ...task.lateReply, at: iso(task.lateReply.at) } }),
    ...(task.campaignId && { campaignId: task.campaignId }),
    ...(task.profile && { profile: task.profile }),
  };
}

export function deviceSummaryView(device: DeviceRecord, now: number) {
  return {
    id: device.id,
    manufacturer: device.manufacturer,
    oui: device.oui,
    productClass: device.productClass,
    serialNumber: device.serialNumber,
    firstInformAt: iso(device.firstInformAt),
    lastInformAt: iso(device.lastInformAt),
    lastEvents: device.lastEvents,
    tags: device.tags,
    inSession: device.sessionExpiresAt !== undefined && device.sessionExpiresAt > now,
  };
}

export function deviceView(
  device: DeviceRecord,
  parameters: readonly StoredParameter[],
  now: number,
) {
  const last = device.lastConnectionRequest;
  return {
    ...deviceSummaryView(device, now),
    connectionRequest: {
      url: device.connectionRequestUrl ?? null,
      jabberId: device.connReqJabberId ?? null,
      lastAttempt: last ? { ...last, at: iso(last.at) } : null,
    },
    pendingTasks: device.taskQueue,
    provisioning: provisioningView(device),
    xmppConnectionRequest: xmppReadinessView(device, parameters),
    parameters: parameters.map((p) => ({
      name: p.name,
      ...(p.value !== undefined && { value: p.value, type: p.type }),
      ...(p.writable !== undefined && { writable: p.writable }),
      learnedAt: iso(p.learnedAt),
    })),
  };
}

export function campaignView(campaign: CampaignRecord) {
  const { queued, woken, done, faulted, unreachable, other } = campaign.counts;
  return {
    id: campaign.id,
    status: campaign.status,
    filter: Object.fromEntries(
      Object.entries(campaign.filter).map(([k, v]) => [k, typeof v === "number" ? iso(v) : v]),
    ),
    task: redacted(campaign.task),
    rate: campaign.rate,
    createdAt: iso(campaign.createdAt),
    updatedAt: iso(campaign.updatedAt),
    counts: {
      queued,
      pending: queued - done - faulted - unreachable - other,
      woken,
      done,
      faulted,
      unreachable,
      other,
    },
  };
}
