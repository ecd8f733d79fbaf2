import type { CampaignProgress } from "./core/campaign/campaign-progress.ts";
import type { DiagnosticType } from "./core/diagnostics/diagnostic.ts";
import type { ConnectionRequestAttempt } from "./core/model/device.ts";

/** Lifecycle events other services can react to. */
export type AcsEvent =
  | { readonly type: "DeviceRegistered"; readonly deviceId: string; readonly at: number }
  | {
      readonly type: "DeviceBooted";
      readonly deviceId: string;
      readonly at: number;
      readonly events: readonly string[];
    }
  | {
      readonly type: "TaskCompleted" | "TaskFaulted";
      readonly deviceId: string;
      readonly at: number;
      readonly taskId: string;
      readonly task: string;
      readonly fault?: { readonly code: number; readonly string: string };
      /** Why a faulted task ended (no-response, gave up, unparseable fault...). */
      readonly reason?: string;
    }
  | {
      /** A diagnostic test ended (core/diagnostics/): its result is at GET /diagnostics/{id}. */
      readonly type: "DiagnosticsCompleted";
      readonly deviceId: string;
      readonly at: number;
      readonly diagnosticId: string;
      readonly diagnostic: DiagnosticType;
      readonly state: "completed" | "failed" | "timedOut";
      /** Why it failed or timed out. */
      readonly reason?: string;
    }
  | {
      readonly type: "ConnectionRequestFailed";
      readonly deviceId: string;
      readonly at: number;
      readonly method: string;
      readonly outcome: string;
      /** Every method tried for the request, in order. */
      readonly attempts?: readonly ConnectionRequestAttempt[];
    }
  | {
      /** A campaign's failure threshold tripped: no device past this point gets its task. */
      readonly type: "CampaignHalted";
      readonly campaignId: string;
      readonly at: number;
      readonly stage: number;
      readonly reason: string;
      readonly failedDevices: readonly string[];
    }
  | {
      readonly type: "CampaignCompleted";
      readonly campaignId: string;
      readonly at: number;
      readonly progress: CampaignProgress;
    };

export interface EventSink {
  /** Best effort: a failure is logged by the sink, never thrown into a CWMP session. */
  publish(events: readonly AcsEvent[]): Promise<void>;
}
