import type { ChildProcess } from "node:child_process";

/**
 * Waits for a benchmark child's first stdout line and parses it as JSON (its
 * "ready" report). Every failure (spawn error, early exit, timeout, bad JSON)
 * rejects with `fail(message, cause)`'s error, which callers type.
 */
export function childReadyLine<T>(
  child: ChildProcess,
  timeoutMs: number,
  toError: (message: string, cause?: unknown) => Error,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const fail = (message: string, cause?: unknown) => {
      clearTimeout(timer);
      reject(toError(message, cause));
    };
    const timer = setTimeout(() => fail(`no ready line within ${timeoutMs} ms`), timeoutMs);
    child.once("error", (error) => fail("could not spawn", error));
    child.once("exit", (code, signal) => fail(`exited early (${code ?? signal})`));
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      buffered += chunk;
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(buffered.slice(0, newline)) as T);
      } catch (error) {
        fail("the ready line is not JSON", error);
      }
    });
  });
}
