import { reportedSoftwareVersion } from "../../core/campaign/file-applicability.ts";
import { lastSeenHourOf } from "../../core/fleet/fleet-summary.ts";
import type { DeviceRecord } from "../../core/model/device.ts";
import type { SessionState } from "../../core/model/session-state.ts";
import { informDigest } from "../../core/session/inform-digest.ts";
import type { InformFacts, OpenSessionOptions } from "../../ports.ts";
import { digestUseIsLater, noLiveSession, noOwnCredential } from "./conditions.ts";
import { type ExpressionBuilder, expressionBuilder } from "./expression-builder.ts";
import { deviceIndexKeys, fleetIndexKeys } from "./item-layout.ts";

/**
 * The Inform's write to the lease item (lease-item.ts), the first of a session: the lease,
 * the last contact, the digest of the Inform's facts and the fleet index entry. Without
 * `supersede` the lease is taken only when no session holds it; a superseding Inform
 * (core/session/lease.ts) takes it whoever holds it. The digest answer that authenticated the
 * Inform is recorded and must be later than the last one (replay, core/auth/digest-use.ts); the
 * shared credential needs a device without its own. Every other attribute is left as it is.
 */
export function openLeaseUpdate(
  facts: InformFacts,
  session: SessionState,
  now: number,
  options: OpenSessionOptions,
): ExpressionBuilder {
  const fleet = fleetIndexKeys(facts.deviceId);
  const update = expressionBuilder()
    .set("session", session)
    .set("lastInformAt", now)
    .set("lastEvents", facts.events)
    .set("informDigest", informDigest(facts))
    // The fleet summary's entry (gsi2): these change rarely (a firmware upgrade, the hour), so
    // most Informs leave the index untouched (table-definition.ts).
    .set("gsi2pk", fleet.gsi2pk)
    .set("gsi2sk", fleet.gsi2sk)
    .set("productClass", facts.productClass)
    .set("lastSeenHour", lastSeenHourOf(now))
    .setIfAbsent("taskQueue", {});
  if (facts.connectionRequestUrl !== undefined) {
    update.set("connectionRequestUrl", facts.connectionRequestUrl);
  }
  if (facts.connReqJabberId !== undefined) update.set("connReqJabberId", facts.connReqJabberId);
  const softwareVersion = reportedSoftwareVersion(facts);
  if (softwareVersion !== undefined) update.set("softwareVersion", softwareVersion);
  if (!options.supersede) update.condition(noLiveSession(now));
  if (options.digest !== undefined) {
    update.set("digestUse", options.digest).condition(digestUseIsLater(options.digest));
  }
  if (options.sharedCredential === true) update.condition(noOwnCredential);
  return update;
}

/**
 * The Inform's upsert of the device record (TR-069 3.7.1.1), when its facts changed: identity
 * and Inform facts overwritten, first-time fields initialised if absent, the generation bumped
 * on 0 BOOTSTRAP (TR-069 3.7.1.5). What moved to the lease item is removed from a record
 * written before the split (the lease, the fleet index keys; the queue: legacy-device-item.ts).
 */
export function informRecordUpdate(facts: InformFacts, now: number): ExpressionBuilder {
  const index = deviceIndexKeys(facts.deviceId);
  const update = expressionBuilder()
    .set("gsi1pk", index.gsi1pk)
    .set("gsi1sk", index.gsi1sk)
    .set("id", facts.deviceId)
    .set("manufacturer", facts.manufacturer)
    .set("oui", facts.oui)
    .set("productClass", facts.productClass)
    .set("serialNumber", facts.serialNumber)
    .setIfAbsent("firstInformAt", now)
    .set("lastInformAt", now)
    .set("lastEvents", facts.events)
    .set("informParameters", facts.informParameters)
    .setIfAbsent("tags", [])
    .remove("session")
    .remove("gsi2pk")
    .remove("gsi2sk")
    .remove("lastSeenHour")
    .remove("softwareVersion");
  if (facts.connectionRequestUrl !== undefined) {
    update.set("connectionRequestUrl", facts.connectionRequestUrl);
  }
  if (facts.connReqJabberId !== undefined) update.set("connReqJabberId", facts.connReqJabberId);
  if (facts.udpConnectionRequestAddress !== undefined) {
    update.set("udpConnectionRequestAddress", facts.udpConnectionRequestAddress);
  }
  // An attribute may appear in one clause only, hence ADD or SET.
  if (facts.bootstrap) update.add("parameterGeneration", 1);
  else update.setIfAbsent("parameterGeneration", 0);
  return update;
}

/** The record without what the store derives (the queue order, the lease end). */
export type InformedRecord = Omit<DeviceRecord, "taskQueue" | "sessionExpiresAt">;

/**
 * The record after an Inform, from the record before it, changed the way
 * openSessionUpdate changes the item (so it costs no read). Both stores use
 * it; fields the Inform does not touch are carried over as they were.
 */
export function informed(
  previous: InformedRecord | undefined,
  facts: InformFacts,
  now: number,
): InformedRecord {
  return {
    ...previous,
    id: facts.deviceId,
    manufacturer: facts.manufacturer,
    oui: facts.oui,
    productClass: facts.productClass,
    serialNumber: facts.serialNumber,
    firstInformAt: previous?.firstInformAt ?? now,
    lastInformAt: now,
    lastEvents: [...facts.events],
    informParameters: facts.informParameters,
    connectionRequestUrl: facts.connectionRequestUrl ?? previous?.connectionRequestUrl,
    connReqJabberId: facts.connReqJabberId ?? previous?.connReqJabberId,
    udpConnectionRequestAddress:
      facts.udpConnectionRequestAddress ?? previous?.udpConnectionRequestAddress,
    tags: previous?.tags ?? [],
    parameterGeneration: (previous?.parameterGeneration ?? 0) + (facts.bootstrap ? 1 : 0),
  };
}
