import type { Misbehaviours } from "./misbehaviours.ts";
import { seededRandom } from "./random-misbehaviours.ts";

export interface UploadFailureShare {
  /** About this share of the fleet (0..1) fails every Upload. */
  readonly fraction: number;
  readonly seed: number;
}

/**
 * Which devices of a fleet fail their Uploads (9011), by index: a share chosen by seed, the same
 * devices whatever order they are created in.
 */
export function uploadFailureFleet(share: UploadFailureShare): (index: number) => Misbehaviours {
  return (index) => {
    // A stream of its own: not the same devices as downloadFailureFleet's for the same seed.
    const random = seededRandom(Math.imul(share.seed ^ 0x27d4eb2f, 0x85ebca6b) ^ index);
    return random() < share.fraction ? { failUploads: true } : {};
  };
}
