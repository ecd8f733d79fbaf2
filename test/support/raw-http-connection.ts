import { connect, type Socket } from "node:net";

/**
 * A hand-driven HTTP/1.1 client on a raw loopback socket: it sends exactly the
 * bytes a test gives it (half a header, a body that stalls) and records what
 * comes back and whether the server closed the connection.
 */
export interface RawHttpConnection {
  send(data: string | Uint8Array): void;
  /** Everything the server sent so far. */
  received(): string;
  /** Whether the server has closed (or reset) the connection. */
  isClosed(): boolean;
  /** Resolves with the n-th (1-based) complete response; fails after `ms`. */
  response(n?: number, ms?: number): Promise<RawResponse>;
  /** Resolves when the connection is closed; fails after `ms`. */
  closed(ms?: number): Promise<void>;
  destroy(): void;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export async function openRawHttpConnection(url: string): Promise<RawHttpConnection> {
  const target = new URL(url);
  const socket = await new Promise<Socket>((resolve, reject) => {
    const opened = connect(Number(target.port), target.hostname, () => resolve(opened));
    opened.once("error", reject);
  });
  let text = "";
  let closed = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  socket.on("data", (chunk: Buffer) => {
    text += chunk.toString("latin1");
    wake();
  });
  socket.on("error", () => undefined);
  socket.on("close", () => {
    closed = true;
    wake();
  });
  const until = <T>(what: string, probe: () => T | undefined, ms: number) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`gave up waiting for ${what}; received ${JSON.stringify(text)}`));
      }, ms);
      waiters.add(check);
      check();
    });
  return {
    send: (data) => {
      socket.write(data);
    },
    received: () => text,
    isClosed: () => closed,
    response: (n = 1, ms = 5_000) => until(`response ${n}`, () => parseResponses(text)[n - 1], ms),
    closed: async (ms = 5_000) => {
      await until("the connection to close", () => (closed ? true : undefined), ms);
    },
    destroy: () => {
      socket.destroy();
    },
  };
}

/** The complete responses in `text` (bodies delimited by Content-Length). */
function parseResponses(text: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = text;
  for (;;) {
    const end = rest.indexOf("\r\n\r\n");
    if (end < 0) return responses;
    const [statusLine = "", ...lines] = rest.slice(0, end).split("\r\n");
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(statusLine.split(" ")[1]);
    // An interim 100 Continue has no body and is not a response of its own.
    const length = status === 100 ? 0 : Number(headers["content-length"] ?? 0);
    if (rest.length < end + 4 + length) return responses;
    if (status !== 100)
      responses.push({ status, headers, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
}

/** The head of a POST as a client sends it, ending with the blank line. */
export function postHead(path: string, headers: Readonly<Record<string, string>> = {}): string {
  const lines = Object.entries({ host: "127.0.0.1", ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `POST ${path} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`;
}
