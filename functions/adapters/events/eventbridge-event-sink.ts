import { type EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import type { EventSink, Logger } from "../../ports.ts";
import { eventDetail, eventSource } from "./event-detail.ts";

/**
 * Lifecycle events to the ACS's custom EventBridge bus: source
 * "acs", detail-type = the event type. PutEvents takes 10 entries a call.
 */
export function createEventBridgeSink(options: {
  readonly client: EventBridgeClient;
  readonly busName: string;
  readonly logger: Logger;
}): EventSink {
  return {
    publish: async (events) => {
      for (let i = 0; i < events.length; i += 10) {
        const entries = events.slice(i, i + 10).map((event) => ({
          EventBusName: options.busName,
          Source: eventSource,
          DetailType: event.type,
          Detail: JSON.stringify(eventDetail(event)),
          Time: new Date(event.at),
        }));
        try {
          const result = await options.client.send(new PutEventsCommand({ Entries: entries }));
          if (result.FailedEntryCount)
            options.logger.warn("events not published", { failed: result.FailedEntryCount });
        } catch (error) {
          options.logger.warn("event bus unavailable", { error: String(error) });
        }
      }
    },
  };
}
