import type { DiagnosticRecord } from "../../core/diagnostics/diagnostic.ts";
import type { DiagnosticStore } from "../../diagnostic-ports.ts";
import { cloneData } from "./clone-data.ts";

/** DiagnosticStore on Maps, with the DynamoDB adapter's claim and ordering rules. */
export function createMemoryDiagnosticStore(): DiagnosticStore {
  const records = new Map<string, DiagnosticRecord>();
  const claims = new Map<string, { diagnosticId: string; until: number }>();
  const claimKey = (deviceId: string, type: string) => `${deviceId}#${type}`;
  return {
    claimDiagnostic: async (claim) => {
      const key = claimKey(claim.deviceId, claim.type);
      const held = claims.get(key);
      if (held && held.until > claim.now) return { claimed: false, activeId: held.diagnosticId };
      claims.set(key, { diagnosticId: claim.diagnosticId, until: claim.until });
      return { claimed: true };
    },
    releaseDiagnostic: async (deviceId, type, diagnosticId) => {
      const key = claimKey(deviceId, type);
      if (claims.get(key)?.diagnosticId === diagnosticId) claims.delete(key);
    },
    putDiagnostic: async (record) => {
      records.set(record.id, cloneData(record));
    },
    getDiagnostic: async (id) => {
      const found = records.get(id);
      return found && cloneData(found);
    },
    listDiagnostics: async (deviceId, limit) =>
      [...records.values()]
        .filter((r) => r.deviceId === deviceId)
        .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
        .slice(0, limit)
        .map(cloneData),
    updateDiagnostic: async (record, expected) => {
      if (records.get(record.id)?.state !== expected) return false;
      records.set(record.id, cloneData(record));
      return true;
    },
  };
}
