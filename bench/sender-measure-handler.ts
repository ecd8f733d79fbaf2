import { runWindow } from "./run-window.ts";
import { fromWindow, type RoundResult } from "./sender-bench-report.ts";
import type { SenderRig } from "./sender-rig.ts";

export class UnexpectedDispositionError extends Error {
  constructor(kind: string) {
    super(`handler returned ${kind}, expected delete`);
    this.name = "UnexpectedDispositionError";
  }
}

/**
 * One round of the handler path: every device gets one message, `concurrency` handled at once,
 * each timed from the handler call (the message as the poller hands it over) to the handler's
 * return (outcome recorded). Success means the expected outcome (e.g. "xmpp:delivered") was
 * recorded; anything else counts as a failure and is described.
 */
export async function measureHandler(options: {
  readonly rig: SenderRig;
  readonly deviceIds: readonly string[];
  readonly concurrency: number;
  /** `method:outcome` of a success. */
  readonly expected: string;
  readonly deadline: number;
  /** CPU clocks (ms) of the far side and of the XMPP server, when there is one. */
  readonly cpu: { readonly peer: () => number; readonly server?: () => number };
  /** Called as each message's handler call ends (live progress). */
  readonly onDone?: (ok: boolean) => void;
}): Promise<RoundResult> {
  const { rig } = options;
  const requestedAt = Date.now();
  const bodies = options.deviceIds.map((deviceId) =>
    JSON.stringify({ deviceId, reason: "bench", requestedAt }),
  );
  const outcomes: Record<string, number> = {};
  rig.hooks.onRecord = (_deviceId, status) => {
    const key = `${status.method}:${status.outcome}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  };
  const linesBefore = rig.linesWritten();
  const peerBefore = options.cpu.peer();
  const serverBefore = options.cpu.server?.();
  try {
    const result = await runWindow({
      count: bodies.length,
      concurrency: options.concurrency,
      deadline: options.deadline,
      ...(options.onDone !== undefined && { onDone: options.onDone }),
      operation: async (i) => {
        const disposition = await rig.handler({
          messageId: `m-${i}`,
          body: bodies[i] ?? "",
          receiveCount: 1,
        });
        if (disposition.kind !== "delete") throw new UnexpectedDispositionError(disposition.kind);
      },
    });
    const others = Object.entries(outcomes).filter(([key]) => key !== options.expected);
    const round = fromWindow(result, {
      peerCpuMs: options.cpu.peer() - peerBefore,
      ...(serverBefore !== undefined && {
        serverCpuMs: (options.cpu.server?.() ?? Number.NaN) - serverBefore,
      }),
      lines: rig.linesWritten() - linesBefore,
      okOverride: Math.min(result.started - result.failures, outcomes[options.expected] ?? 0),
    });
    if (others.length === 0) return round;
    const described = others.map(([key, n]) => `${n} × ${key}`).join(", ");
    return { ...round, firstFailure: round.firstFailure ?? described };
  } finally {
    rig.hooks.onRecord = undefined;
  }
}
