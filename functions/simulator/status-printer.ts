/** Where the status line goes, and whether a reader watches it live. */
export interface StatusPrinterOptions {
  readonly write: (text: string) => void;
  /**
   * A terminal shows every tick (the line is a heartbeat); a log file or pipe
   * gets a line only when it differs from the last one, so an idle fleet does
   * not fill a log with identical lines.
   */
  readonly live: boolean;
}

/** Prints status lines (without their newline), each on its own line. */
export function createStatusPrinter(options: StatusPrinterOptions): (line: string) => void {
  let last: string | undefined;
  return (line) => {
    if (!options.live && line === last) return;
    last = line;
    options.write(`${line}\n`);
  };
}

/** A stream is a terminal when node:tty made it one (process.stderr on a console). */
export function isTerminal(stream: NodeJS.WritableStream): boolean {
  return (stream as { readonly isTTY?: boolean }).isTTY === true;
}
