import type { DownloadFailure, Misbehaviours } from "./misbehaviours.ts";
import { seededRandom } from "./random-misbehaviours.ts";

/** "mixed": each failing device fails one way or the other, half and half. */
export type DownloadFailureMode = DownloadFailure | "mixed";

export interface DownloadFailureShare {
  /** About this share of the fleet (0..1) fails every Download. */
  readonly fraction: number;
  readonly mode: DownloadFailureMode;
  readonly seed: number;
}

/**
 * Which devices of a fleet fail their Downloads, by index: a share chosen by seed, the same
 * devices whatever order they are created in, so a rollout's failures are reproducible.
 */
export function downloadFailureFleet(
  share: DownloadFailureShare,
): (index: number) => Misbehaviours {
  return (index) => {
    // A different stream from randomFleetMisbehaviours' for the same seed and index.
    const random = seededRandom(Math.imul(share.seed ^ 0x5bd1e995, 0x9e3779b1) ^ index);
    if (random() >= share.fraction) return {};
    const mode = share.mode === "mixed" ? (random() < 0.5 ? "fault" : "corrupt-image") : share.mode;
    return { failDownloads: mode };
  };
}
