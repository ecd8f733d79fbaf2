import { execFile } from "node:child_process";
import { LocalCommandError } from "./errors.ts";

export interface RunCommandOptions {
  cwd?: string;
  /** @default 20000 */
  timeoutMs?: number;
  /** Arguments (passwords) shown as "***" in error messages. */
  secrets?: readonly string[];
}

/**
 * Runs a command to completion; resolves with its trimmed stdout+stderr.
 * @throws LocalCommandError with the output when it exits non-zero or times out.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      { cwd: options.cwd, timeout: options.timeoutMs ?? 20_000 },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`.trim();
        if (error === null) {
          resolve(output);
          return;
        }
        const code = typeof error.code === "number" ? error.code : null;
        const secrets = options.secrets ?? [];
        const shown = [command, ...args].map((arg) => (secrets.includes(arg) ? "***" : arg));
        reject(new LocalCommandError(shown.join(" "), code, output, { cause: error }));
      },
    );
  });
}
