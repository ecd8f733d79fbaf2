/** Typed failures of the local prosody helpers (npm run xmpp, and the test harness). */

/** prosody or prosodyctl is not on PATH (nor in /usr/sbin, /sbin). */
export class ProsodyNotInstalledError extends Error {
  readonly binary: string;
  constructor(binary: string) {
    super(`${binary} is not installed (not found on PATH): apt-get install prosody`);
    this.name = "ProsodyNotInstalledError";
    this.binary = binary;
  }
}

/** prosody exited before listening, or could not be set up to run. */
export class ProsodyStartError extends Error {
  /** The tail of prosody's stdout+stderr, when it ran at all. */
  readonly output: string;
  constructor(message: string, output = "", options?: { cause?: unknown }) {
    super(
      output === "" ? message : `${message}\n--- prosody output (tail) ---\n${output}`,
      options,
    );
    this.name = "ProsodyStartError";
    this.output = output;
  }
}

/** A helper command (openssl, prosodyctl, id) failed. */
export class LocalCommandError extends Error {
  readonly command: string;
  readonly exitCode: number | null;
  readonly output: string;
  constructor(
    command: string,
    exitCode: number | null,
    output: string,
    options?: { cause?: unknown },
  ) {
    super(`${command} exited with ${exitCode}: ${output}`, options);
    this.name = "LocalCommandError";
    this.command = command;
    this.exitCode = exitCode;
    this.output = output;
  }
}

/** ejabberdctl is not on PATH (nor in /usr/sbin, /sbin). */
export class EjabberdNotInstalledError extends Error {
  constructor() {
    super("ejabberdctl is not installed (not found on PATH): apt-get install ejabberd");
    this.name = "EjabberdNotInstalledError";
  }
}
