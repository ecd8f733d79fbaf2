import type { EventSink } from "../ports.ts";
import type { ActivityCounter } from "./activity-counter.ts";

/** Counts finished tasks for the periodic summary, then publishes to `events` unchanged. */
export function createCountingEventSink(options: {
  readonly events: EventSink;
  readonly counter: ActivityCounter;
}): EventSink {
  const { events, counter } = options;
  return {
    publish: (batch) => {
      for (const event of batch) {
        if (event.type === "TaskCompleted") counter.record("taskCompleted");
        else if (event.type === "TaskFaulted") counter.record("taskFaulted");
      }
      return events.publish(batch);
    },
  };
}
