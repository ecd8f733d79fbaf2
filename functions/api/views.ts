import { campaignProgress, type StageOutcomes } from "../core/campaign/campaign-progress.ts";
import { reportedSoftwareVersion } from "../core/campaign/file-applicability.ts";
import { planStages } from "../core/campaign/stage-plan.ts";
import type { CampaignRecord } from "../core/model/campaign.ts";
import {
  connectionRequestReadiness,
  type XmppConnectionObservation,
} from "../core/model/connection-request-readiness.ts";
import type { DeviceRecord, StoredParameter } from "../core/model/device.ts";
import {
  maskedValue,
  maskParameterList,
  mustMask,
  type SecretParameterPolicy,
} from "../core/model/secret-parameters.ts";
import { softwareInventory } from "../core/model/software-inventory.ts";
import type { TaskRecord, TaskResult, TaskSpec } from "../core/model/task.ts";
import type { Profile } from "../core/provisioning/profile.ts";
import { provisioningView, xmppObservation, xmppReadinessView } from "./provisioning-view.ts";

/** What the API shows: ISO times, no secrets (secret parameter values masked, secret-parameters.ts). */
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** Passwords given for transfers are never shown back; secret parameter values are masked. */
export function taskSpecView(spec: TaskSpec, policy: SecretParameterPolicy) {
  if (spec.name === "download" || spec.name === "upload" || spec.name === "scheduleDownload")
    return transferView(spec);
  if (spec.name === "changeDUState")
    return {
      ...spec,
      operations: spec.operations.map((op) => (op.type === "uninstall" ? op : transferView(op))),
    };
  if (spec.name === "setParameterValues") return setValuesView(spec, policy);
  return spec;
}

/**
 * Download/Upload: a password, sealed (or given before sealing existed, or ""), shows as
 * "********" in `password`; the sealed text is not shown either.
 */
function transferView<T extends { password?: string; sealedPassword?: string }>(spec: T) {
  if (spec.password === undefined && spec.sealedPassword === undefined) return spec;
  const { sealedPassword: _sealed, ...shown } = spec;
  return { ...shown, password: maskedValue };
}

type SetValuesSpec = Extract<TaskSpec, { name: "setParameterValues" }>;
type ValueTuple = SetValuesSpec["parameterValues"][number];

/**
 * SetParameterValues as queued, secrets masked: sealed values (and any secret stored in clear
 * before sealing existed) show as "********", and `masked` names them.
 */
function setValuesView(spec: SetValuesSpec, policy: SecretParameterPolicy) {
  const { sealedValues, ...rest } = spec;
  const shown = (entry: ValueTuple, mask: boolean): ValueTuple => {
    const [name, value, type] = entry;
    const text = mask ? maskedValue : value;
    return type === undefined ? [name, text] : [name, text, type];
  };
  const clear = spec.parameterValues.map((e) => shown(e, mustMask(e[0], e[1], policy)));
  const sealed = (sealedValues ?? []).map((e) => shown(e, true));
  const masked = [
    ...spec.parameterValues.filter((e) => mustMask(e[0], e[1], policy)),
    ...(sealedValues ?? []),
  ].map(([name]) => name);
  return { ...rest, parameterValues: [...clear, ...sealed], ...(masked.length > 0 && { masked }) };
}

/** A result's parameter values with secrets masked (a CPE should read them back as ""). */
function resultView(result: TaskResult, policy: SecretParameterPolicy) {
  if (!result.parameters) return result;
  const { parameters, masked } = maskParameterList(result.parameters, policy);
  return { ...result, parameters, ...(masked.length > 0 && { masked }) };
}

export function taskView(task: TaskRecord, policy: SecretParameterPolicy) {
  return {
    id: task.id,
    deviceId: task.deviceId,
    name: task.spec.name,
    task: taskSpecView(task.spec, policy),
    status: task.status,
    createdAt: iso(task.createdAt),
    updatedAt: iso(task.updatedAt),
    expiresAt: iso(task.expiresAt),
    attempts: task.attempts,
    maxAttempts: task.maxAttempts,
    ...(task.result && { result: resultView(task.result, policy) }),
    ...(task.fault && { fault: task.fault }),
    ...(task.reason && { reason: task.reason }),
    ...(task.history && {
      history: task.history.map((a) => ({ ...a, at: iso(a.at) })),
    }),
    ...(task.lateReply && { lateReply: { ...task.lateReply, at: iso(task.lateReply.at) } }),
    ...(task.campaignId && { campaignId: task.campaignId }),
    ...(task.campaignStage !== undefined && { campaignStage: task.campaignStage }),
    ...(task.profile && { profile: task.profile }),
  };
}

/**
 * A device as the listing shows it. `xmpp`: the XMPP connection's Status where the caller read
 * the device's parameters (the device view); a listing reads the record alone, so an error
 * Status reported after the ConnReqJabberID shows only in the device view.
 */
export function deviceSummaryView(
  device: DeviceRecord,
  now: number,
  xmpp?: XmppConnectionObservation,
) {
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
    connectionRequestReadiness: connectionRequestReadiness(device, xmpp),
    softwareVersion: reportedSoftwareVersion(device) ?? null,
  };
}

/** The NAT binding the ACS's STUN server recorded (TR-111 Part 2), for UDP connection requests. */
function stunBindingView(binding: DeviceRecord["stunBinding"]) {
  if (binding === undefined) return null;
  return {
    address: binding.address,
    port: binding.port,
    lastSeen: iso(binding.lastSeen),
    bindingChangedAt: binding.bindingChangedAt === undefined ? null : iso(binding.bindingChangedAt),
    server: binding.server ?? null,
  };
}

export function deviceView(
  device: DeviceRecord,
  parameters: readonly StoredParameter[],
  now: number,
  policy: SecretParameterPolicy,
  profiles: readonly Profile[] = [],
) {
  const last = device.lastConnectionRequest;
  return {
    ...deviceSummaryView(device, now, xmppObservation(device, parameters)),
    connectionRequest: {
      url: device.connectionRequestUrl ?? null,
      jabberId: device.connReqJabberId ?? null,
      udpAddress: device.udpConnectionRequestAddress ?? null,
      stunBinding: stunBindingView(device.stunBinding),
      lastAttempt: last ? { ...last, at: iso(last.at) } : null,
    },
    pendingTasks: device.taskQueue,
    provisioning: provisioningView(device, profiles),
    xmppConnectionRequest: xmppReadinessView(device, parameters),
    softwareModules: softwareInventory(parameters),
    parameters: parameters.map((p) => ({
      name: p.name,
      ...(p.value !== undefined && mustMask(p.name, p.value, policy)
        ? { value: maskedValue, type: p.type, masked: true }
        : p.value !== undefined && { value: p.value, type: p.type }),
      ...(p.writable !== undefined && { writable: p.writable }),
      learnedAt: iso(p.learnedAt),
    })),
  };
}

/**
 * A campaign with its progress (`outcomes`: the progress store's per-stage counters) and the
 * stage being rolled out; `matched`, the stage count and size are null while devices are counted.
 */
export function campaignView(
  campaign: CampaignRecord,
  outcomes: readonly StageOutcomes[],
  policy: SecretParameterPolicy,
) {
  const plan =
    campaign.matched === undefined ? undefined : planStages(campaign.matched, campaign.stages);
  const stage = campaign.stage;
  const index = stage?.index ?? 0;
  return {
    id: campaign.id,
    status: campaign.status,
    filter: Object.fromEntries(
      Object.entries(campaign.filter).map(([k, v]) => [k, typeof v === "number" ? iso(v) : v]),
    ),
    task: taskSpecView(campaign.task, policy),
    rate: campaign.rate,
    stages: campaign.stages,
    ...(campaign.maintenanceWindow && { maintenanceWindow: campaign.maintenanceWindow }),
    ...(campaign.haltWhen && { haltWhen: campaign.haltWhen }),
    createdAt: iso(campaign.createdAt),
    updatedAt: iso(campaign.updatedAt),
    progress: campaignProgress(campaign, outcomes),
    stage: {
      index,
      count: plan?.count ?? null,
      size: plan?.size(index) ?? null,
      ...(stage && { startedAt: iso(stage.startedAt) }),
      ...(stage?.endedAt !== undefined && { endedAt: iso(stage.endedAt) }),
    },
    ...(campaign.halt && { halt: { ...campaign.halt, at: iso(campaign.halt.at) } }),
  };
}
