/** What the local ACS's periodic summary counts. */
export type ActivityKind =
  | "sessionEnded"
  | "crDelivered"
  | "crFailed"
  | "taskCompleted"
  | "taskFaulted";

export type ActivityCounts = Readonly<Record<ActivityKind, number>>;

/** Counts activity between two `take()`s; its state lives in the instance, never the module. */
export interface ActivityCounter {
  record(kind: ActivityKind): void;
  /** The counts since the last take (or since creation), and a fresh start. */
  take(): ActivityCounts;
}

export function createActivityCounter(): ActivityCounter {
  const zero = (): Record<ActivityKind, number> => ({
    sessionEnded: 0,
    crDelivered: 0,
    crFailed: 0,
    taskCompleted: 0,
    taskFaulted: 0,
  });
  let counts = zero();
  return {
    record: (kind) => {
      counts[kind] += 1;
    },
    take: () => {
      const taken = counts;
      counts = zero();
      return taken;
    },
  };
}
