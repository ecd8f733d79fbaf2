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

/** An event sink whose adapter `create` builds on the first publish. */
export function lazyEventSink(create: () => Promise<EventSink>): EventSink {
  const sink = onFirstUse(create);
  return { publish: async (events) => (await sink()).publish(events) };
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
