import { lazyConnectionRequestQueue, lazyEventSink } from "../adapters/lazy/lazy-ports.ts";
import type { ConnectionRequestQueue, EventSink, Logger } from "../ports.ts";

/**
 * The SQS queue and the EventBridge bus of the Lambda entries, with their SDK
 * clients imported and created on first use (dynamic imports: esbuild keeps
 * them in the bundle but evaluates them only then), so cold start pays for
 * neither until a request needs it.
 */
export function sqsQueueOnFirstUse(queueUrl: string): ConnectionRequestQueue {
  return lazyConnectionRequestQueue(async () => {
    const [{ SQSClient }, { createSqsConnectionRequestQueue }] = await Promise.all([
      import("@aws-sdk/client-sqs"),
      import("../adapters/sqs/sqs-connection-request-queue.ts"),
    ]);
    return createSqsConnectionRequestQueue({ client: new SQSClient({}), queueUrl });
  });
}

export function eventBridgeSinkOnFirstUse(busName: string, logger: Logger): EventSink {
  return lazyEventSink(async () => {
    const [{ EventBridgeClient }, { createEventBridgeSink }] = await Promise.all([
      import("@aws-sdk/client-eventbridge"),
      import("../adapters/events/eventbridge-event-sink.ts"),
    ]);
    return createEventBridgeSink({ client: new EventBridgeClient({}), busName, logger });
  });
}
