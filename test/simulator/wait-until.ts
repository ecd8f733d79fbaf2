/**
 * Polls `condition` until it holds. The 10 s bound only turns a hang into a
 * failure with a message; no assertion depends on timing.
 */
export async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
