import { createUrlGuard, sendHttpConnectionRequest } from "../functions/adapters/http-cr/index.ts";
import { startDigestProcess } from "./cr-peer-process.ts";
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
  const bareRound = async (count: number): Promise<RoundResult> => {
    const peerBefore = digest.cpuMs();
    const result = await runWindow({
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
    });
    return fromWindow(result, { peerCpuMs: digest.cpuMs() - peerBefore });
  };
  const senderRound = (count: number) =>
    measureHandler({
      rig,
      deviceIds: ids.slice(0, count),
      concurrency: options.concurrency,
      expected: "http:delivered",
      deadline: options.deadline(),
      cpu: { peer: () => digest.cpuMs() },
    });

  await bareRound(options.warmup);
  await senderRound(options.warmup);
  const bare: RoundResult[] = [];
  const sender: RoundResult[] = [];
  for (let r = 0; r < options.rounds; r += 1) {
    if (r % 2 === 0) bare.push(await bareRound(options.crs));
    sender.push(await senderRound(options.crs));
    if (r % 2 === 1) bare.push(await bareRound(options.crs));
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
