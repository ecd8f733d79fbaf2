/** Typed failures of the real-server test harnesses (prosody, ejabberd). */

export class XmppServerNotInstalledError extends Error {
  readonly binary: string;
  constructor(binary: string) {
    super(`${binary} is not installed (not found on PATH)`);
    this.name = "XmppServerNotInstalledError";
    this.binary = binary;
  }
}

export class XmppServerStartError extends Error {
  readonly server: string;
  readonly output: string;
  constructor(server: string, message: string, output: string, options?: { cause?: unknown }) {
    super(`${server}: ${message}\n--- server output (tail) ---\n${output}`, options);
    this.name = "XmppServerStartError";
    this.server = server;
    this.output = output;
  }
}

export class XmppCommandError extends Error {
  readonly command: string;
  readonly exitCode: number | null;
  constructor(
    command: string,
    exitCode: number | null,
    output: string,
    options?: { cause?: unknown },
  ) {
    super(`${command} exited with ${exitCode}: ${output}`, options);
    this.name = "XmppCommandError";
    this.command = command;
    this.exitCode = exitCode;
  }
}

/** Raised by requireBinary when a prerequisite is missing and CI=true: the test must fail. */
export class MissingBinaryError extends Error {
  readonly binary: string;
  constructor(binary: string) {
    super(`${binary} is required for this test and is missing (CI=true: failing, not skipping)`);
    this.name = "MissingBinaryError";
    this.binary = binary;
  }
}
