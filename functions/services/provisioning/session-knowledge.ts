import type { DeviceRecord } from "../../core/model/device.ts";
import type { SessionState } from "../../core/model/session-state.ts";
import type { ParameterStore } from "../../ports.ts";
import { createKnowledgeReader, type KnowledgeReader } from "./load-knowledge.ts";

/** One exchange's reader of what its session knows; `keep` hands it on to the next one. */
export interface SessionKnowledge extends KnowledgeReader {
  /**
   * The copy is true (what this exchange stored included) and will still be when the session
   * has sent `profileRpcs` profile RPCs: the next exchange that finds the session at that count
   * may use it instead of reading the store again.
   */
  keep(profileRpcs: number): void;
}

/**
 * What each live session knows of its device's profile subtrees, kept by one
 * instance between the exchanges of a session (Lambda or the local ACS), so a
 * provisioning session reads each subtree once rather than on every exchange.
 * A copy is taken by the exchange that uses it and kept again only by `keep`,
 * stamped with the session's profile RPC count (SessionState.profileRpcs) as
 * it will be stored: an exchange of the same session handled by another
 * instance, or one whose save failed, leaves the stored count different, so
 * the stale copy is not used and the subtrees are read again. A new session
 * (a reboot mid-session, TR-069 3.7.1.1) has a new id; a BOOTSTRAP a new
 * parameter generation. Bounded: the oldest sessions' copies go first.
 */
export interface SessionKnowledgeCache {
  take(
    parameters: ParameterStore,
    device: Pick<DeviceRecord, "id" | "parameterGeneration">,
    session: Pick<SessionState, "id" | "profileRpcs">,
  ): SessionKnowledge;
}

interface Kept {
  readonly deviceId: string;
  readonly generation: number;
  readonly profileRpcs: number;
  readonly reader: KnowledgeReader;
}

export function createSessionKnowledgeCache(options: {
  /** Sessions whose copies are kept at most. */
  readonly maxSessions: number;
}): SessionKnowledgeCache {
  const kept = new Map<string, Kept>();
  return {
    take(parameters, device, session) {
      const found = kept.get(session.id);
      kept.delete(session.id);
      const usable =
        found !== undefined &&
        found.deviceId === device.id &&
        found.generation === device.parameterGeneration &&
        found.profileRpcs === (session.profileRpcs ?? 0);
      const reader = usable ? found.reader : createKnowledgeReader(parameters, device);
      return {
        knowledge: (profile) => reader.knowledge(profile),
        remember: (stored) => reader.remember(stored),
        keep(profileRpcs) {
          kept.delete(session.id);
          kept.set(session.id, {
            deviceId: device.id,
            generation: device.parameterGeneration,
            profileRpcs,
            reader,
          });
          // A Map iterates in insertion order: the first key is the session kept longest ago.
          for (const oldest of kept.keys()) {
            if (kept.size <= options.maxSessions) break;
            kept.delete(oldest);
          }
        },
      };
    },
  };
}

/** The session's knowledge through the instance's cache, or read afresh when there is none. */
export function sessionKnowledge(
  cache: SessionKnowledgeCache | undefined,
  parameters: ParameterStore,
  device: Pick<DeviceRecord, "id" | "parameterGeneration">,
  session: Pick<SessionState, "id" | "profileRpcs">,
): SessionKnowledge {
  if (cache) return cache.take(parameters, device, session);
  return { ...createKnowledgeReader(parameters, device), keep: () => undefined };
}
