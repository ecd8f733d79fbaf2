import type { ConnectionRequestQueue, EventSink, FileContent } from "../../ports.ts";

/**
 * Ports whose adapter is built when first used, not at cold start: a Lambda
 * instance that never sends a connection request never loads or configures
 * the SQS client. The adapter lives in the returned object's closure; a
 * failed build is not kept, so the next call tries again.
 */
export function onFirstUse<T>(create: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => {
    built ??= create().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
}

/** A connection-request queue whose adapter `create` builds on the first send. */
export function lazyConnectionRequestQueue(
  create: () => Promise<ConnectionRequestQueue>,
): ConnectionRequestQueue {
  const queue = onFirstUse(create);
  return { send: async (message) => (await queue()).send(message) };
}

/**
 * An event sink whose adapter `create` builds on the first publish of at least one event.
 * Every Inform publishes, most often nothing (a periodic Inform of a known device): building
 * the adapter for an empty batch would load the EventBridge client on every instance's first
 * session, a cold start merely moved to the first request.
 */
export function lazyEventSink(create: () => Promise<EventSink>): EventSink {
  const sink = onFirstUse(create);
  return {
    publish: async (events) => {
      if (events.length > 0) await (await sink()).publish(events);
    },
  };
}

/** File content whose adapter `create` builds on the first call. */
export function lazyFileContent(create: () => Promise<FileContent>): FileContent {
  const content = onFirstUse(create);
  return {
    uploadTarget: async (id, options) => (await content()).uploadTarget(id, options),
    downloadUrl: async (id, options) => (await content()).downloadUrl(id, options),
    head: async (id) => (await content()).head(id),
    delete: async (id) => (await content()).delete(id),
  };
}
