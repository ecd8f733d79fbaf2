import type { AcsRpcMethod, Misbehaviours } from "./misbehaviours.ts";

/** A deterministic generator in [0, 1) (mulberry32): the same seed gives the same fleet. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError("pick from an empty list");
  return item;
}

const dyingRpcs: readonly AcsRpcMethod[] = [
  "GetParameterValues",
  "SetParameterValues",
  "AddObject",
  "Download",
];
const faultingRpcs: readonly AcsRpcMethod[] = [
  "GetParameterValues",
  "SetParameterValues",
  "AddObject",
];

/**
 * Bounded misbehaviours only: each either fires once or twice per device, or is one a correct
 * ACS tolerates for ever (wrong array counts, the echoed cookie line, a 1-3 s reply delay).
 * Left out: `emptyPostFor` (the RPC can never succeed on that device) and a 20 s reply delay.
 */
const catalogue: readonly ((random: () => number) => Misbehaviours)[] = [
  (random) => ({ dieOn: { method: pick(random, dyingRpcs), times: 1 + Math.floor(random() * 2) } }),
  () => ({ rebootWithoutAnswer: true }),
  (random) => ({
    faultOn: [{ method: pick(random, faultingRpcs), faultCode: 9002, times: 1 }],
  }),
  (random) => ({ xmppObject: pick(random, ["fixed-instance", "no-server-table"] as const) }),
  () => ({ neverBootstrap: true }),
  () => ({ lateTransferComplete: true }),
  () => ({ echoSetCookie: true }),
  (random) => ({
    arrayTypeCount: random() < 0.5 ? "zero" : { offset: pick(random, [-2, -1, 1, 3]) },
  }),
  (random) => ({ replyDelayMs: 1000 + Math.floor(random() * 2000) }),
  () => ({ loseInformResponse: 1 }),
  () => ({ omitUnknownGpvPaths: true }),
  () => ({ faultDetailInFaultString: true }),
  () => ({ canonicalHeaderNamesOnly: true }),
];

/**
 * With probability `fraction`, one or two distinct misbehaviours from the bounded catalogue;
 * otherwise none. Call once per device with a seeded `random` for a reproducible chaos fleet.
 */
export function randomMisbehaviours(random: () => number, fraction: number): Misbehaviours {
  if (random() >= fraction) return {};
  const first = Math.floor(random() * catalogue.length);
  const picks = [first];
  if (random() < 0.5)
    picks.push((first + 1 + Math.floor(random() * (catalogue.length - 1))) % catalogue.length);
  return Object.assign({}, ...picks.map((index) => catalogue[index]?.(random)));
}

/** Per-device misbehaviours of a fleet, independent of the order devices are created in. */
export function randomFleetMisbehaviours(options: {
  readonly seed: number;
  readonly fraction: number;
}): (index: number) => Misbehaviours {
  return (index) =>
    randomMisbehaviours(
      seededRandom(Math.imul(options.seed, 0x9e3779b1) ^ index),
      options.fraction,
    );
}
