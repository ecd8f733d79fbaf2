import type { CampaignRecord, CampaignStatus } from "../../core/model/campaign.ts";
import { InvalidCursorError } from "../../port-errors.ts";

/** The order of a listing of every status: the ones still moving first. */
export const campaignListStatuses: readonly CampaignStatus[] = [
  "running",
  "paused",
  "halted",
  "cancelled",
  "completed",
];

/** A campaign's place within its status: creation time (zero-padded), then id. */
export function campaignSortKey(campaign: Pick<CampaignRecord, "createdAt" | "id">): string {
  return `${String(campaign.createdAt).padStart(15, "0")}#${campaign.id}`;
}

/** Where a listing resumes: after `after` within `status`. */
export interface CampaignListPosition {
  readonly status: CampaignStatus;
  readonly after: string;
}

const sortKeyShape = /^\d{15}#[0-9A-Za-z]{1,64}$/;

export function encodeCampaignCursor(position: CampaignListPosition): string {
  const payload = { v: 1, s: position.status, a: position.after };
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

/**
 * The position a cursor names; InvalidCursorError unless it has the shape this code issues (a
 * forged one can only start the listing elsewhere) and, for a listing of one status, that status.
 */
export function decodeCampaignCursor(
  cursor: string,
  status: CampaignStatus | undefined,
): CampaignListPosition {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
  const { v, s, a, ...rest } = (payload ?? {}) as Record<string, unknown>;
  const known = campaignListStatuses.find((entry) => entry === s);
  if (
    v !== 1 ||
    known === undefined ||
    (status !== undefined && known !== status) ||
    typeof a !== "string" ||
    !sortKeyShape.test(a) ||
    Object.keys(rest).length > 0
  )
    throw new InvalidCursorError();
  return { status: known, after: a };
}

/** The statuses a listing walks, from the cursor's on. */
export function statusesToList(
  status: CampaignStatus | undefined,
  from: CampaignListPosition | undefined,
): readonly CampaignStatus[] {
  const all = status === undefined ? campaignListStatuses : [status];
  return from === undefined ? all : all.slice(all.indexOf(from.status));
}
