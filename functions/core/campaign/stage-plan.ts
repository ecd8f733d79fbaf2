import type { CampaignStages } from "../model/campaign.ts";
import { assertNever } from "../session/assert-never.ts";

/**
 * How many devices each stage takes, from the count matched when the campaign started: the canary
 * (at most every device), then waves of a size or a percentage of the matched count (rounded up),
 * the last wave taking the rest. No canary and no waves: one stage. Computed on demand rather
 * than stored: waves of one device over a large fleet would make a list no item could hold.
 */
export interface StagePlan {
  /** Stages planned; at least one (an empty campaign has one empty stage). */
  readonly count: number;
  /** Devices stage `index` takes; the last stage also takes devices that appeared since counting. */
  size(index: number): number;
}

export function planStages(matched: number, stages: CampaignStages): StagePlan {
  const canary = Math.min(stages.canary ?? 0, matched);
  const rest = matched - canary;
  const wave = Math.max(1, waveSize(matched, rest, stages));
  const waves = Math.ceil(rest / wave);
  const count = Math.max(1, (canary > 0 ? 1 : 0) + waves);
  const size = (index: number): number => {
    if (index < 0 || index >= count) return 0;
    if (canary > 0 && index === 0) return canary;
    const waveIndex = index - (canary > 0 ? 1 : 0);
    return Math.max(0, Math.min(wave, rest - wave * waveIndex));
  };
  return { count, size };
}

function waveSize(matched: number, rest: number, stages: CampaignStages): number {
  const waves = stages.waves;
  if (waves === undefined) return rest;
  if ("size" in waves) return waves.size;
  if ("percent" in waves) return Math.ceil((matched * waves.percent) / 100);
  return assertNever(waves);
}
