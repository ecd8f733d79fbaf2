import { appendFile } from "node:fs/promises";
import type { EventSink, Logger } from "../../ports.ts";
import { eventDetail, eventSource } from "./event-detail.ts";

/**
 * The local stand-in for the event bus: one JSON line per event in a file,
 * and optionally a POST of the same JSON to a webhook URL.
 */
export function createLocalEventSink(options: {
  readonly file?: string;
  readonly webhookUrl?: string;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
}): EventSink {
  const send = options.fetch ?? fetch;
  return {
    publish: async (events) => {
      const lines = events.map((event) =>
        JSON.stringify({
          source: eventSource,
          "detail-type": event.type,
          time: new Date(event.at).toISOString(),
          detail: eventDetail(event),
        }),
      );
      if (options.file && lines.length > 0) {
        await appendFile(options.file, `${lines.join("\n")}\n`).catch((error: unknown) =>
          options.logger.warn("event log not writable", { error: String(error) }),
        );
      }
      if (!options.webhookUrl) return;
      for (const line of lines) {
        try {
          const response = await send(options.webhookUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: line,
            signal: AbortSignal.timeout(5000),
          });
          if (!response.ok)
            options.logger.warn("webhook refused event", { status: response.status });
        } catch (error) {
          options.logger.warn("webhook unreachable", { error: String(error) });
        }
      }
    },
  };
}

/** Publishes nowhere (events off). */
export const noEvents: EventSink = { publish: async () => undefined };
