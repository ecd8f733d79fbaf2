import { createUrlGuard, sendHttpConnectionRequest } from "../functions/adapters/http-cr/index.ts";
import { startDigestProcess } from "./cr-peer-process.ts";
import { type ProgressSink, withProgress } from "./progress-ticker.ts";
import { runWindow } from "./run-window.ts";
import {
  fromWindow,
  type RoundResult,
  type SenderBenchRow,
  summarise,
  withRatio,
} from "./sender-bench-report.ts";
import { measureHandler } from "./sender-measure-handler.ts";
import { type SenderRig, seedDevices } from "./sender-rig.ts";

export class HttpCrNotDeliveredError extends Error {
  constructor(kind: string) {
    super(`http connection request ended ${kind}`);
    this.name = "HttpCrNotDeliveredError";
  }
}

/**
 * The HTTP fallback (TR-069 3.2.2): devices without a Jabber ID whose ConnectionRequestURL is a
 * CPE-like listener with MD5 Digest in its own process; each CR is two GETs on two connections
 * (401 challenge, then the answer). Measured through the sender's handler and, as the
 * reference, through the bare HTTP adapter (sendHttpConnectionRequest) at the same concurrency.
 */
export async function runHttpPhase(options: {
  readonly rig: SenderRig;
  readonly credentials: { readonly username: string; readonly password: string };
  readonly crs: number;
  readonly concurrency: number;
  readonly rounds: number;
  readonly warmup: number;
  readonly timeoutMs: number;
  readonly deadline: () => number;
  readonly cleanups: Array<() => Promise<void>>;
  /** Live progress: CRs delivered, CRs/s. */
  readonly sink: ProgressSink;
}): Promise<SenderBenchRow[]> {
  const { rig, credentials } = options;
  const digest = await startDigestProcess(credentials);
  options.cleanups.push(() => digest.stop());
  const url = digest.ready.url;
  const ids = Array.from({ length: options.crs }, (_, i) => `H-${i}`);
  seedDevices(
    rig.table,
    ids.map((id) => ({ id, connectionRequestUrl: url })),
  );
  const guard = createUrlGuard({ allowCidrs: ["127.0.0.1/32"] });
  const tracked = <T>(
    label: string,
    total: number,
    work: (tick: (ok: boolean) => void) => Promise<T>,
  ) =>
    withProgress(
      { label: `sender bench: HTTP ${label}`, total, unit: "CRs", sink: options.sink },
      work,
    );
  const bareRound = async (count: number, round: string): Promise<RoundResult> => {
    const peerBefore = digest.cpuMs();
    const result = await tracked(`${round}, bare adapter`, count, (onDone) =>
      runWindow({
        count,
        concurrency: options.concurrency,
        deadline: options.deadline(),
        operation: async () => {
          const outcome = await sendHttpConnectionRequest({
            url,
            ...credentials,
            connectTimeoutMs: options.timeoutMs,
            responseTimeoutMs: options.timeoutMs,
            guard,
          });
          if (outcome.kind !== "delivered") throw new HttpCrNotDeliveredError(outcome.kind);
        },
        onDone,
      }),
    );
    return fromWindow(result, { peerCpuMs: digest.cpuMs() - peerBefore });
  };
  const senderRound = (count: number, round: string) =>
    tracked(`${round}, sender handler`, count, (onDone) =>
      measureHandler({
        rig,
        deviceIds: ids.slice(0, count),
        concurrency: options.concurrency,
        expected: "http:delivered",
        deadline: options.deadline(),
        cpu: { peer: () => digest.cpuMs() },
        onDone,
      }),
    );

  await bareRound(options.warmup, "warm-up");
  await senderRound(options.warmup, "warm-up");
  const bare: RoundResult[] = [];
  const sender: RoundResult[] = [];
  for (let r = 0; r < options.rounds; r += 1) {
    const round = `round ${r + 1}/${options.rounds}`;
    if (r % 2 === 0) bare.push(await bareRound(options.crs, round));
    sender.push(await senderRound(options.crs, round));
    if (r % 2 === 1) bare.push(await bareRound(options.crs, round));
  }
  const bareRow = summarise(
    "bare sendHttpConnectionRequest, MD5 Digest (2 GETs)",
    options.concurrency,
    bare,
  );
  const senderRow = withRatio(
    summarise("sender handler, HTTP fallback, MD5 Digest", options.concurrency, sender),
    bareRow,
  );
  return [bareRow, senderRow];
}
