import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";

/**
 * Load shedding of the local front door: which requests get 503 + Retry-After instead of
 * service (TR-069 3.7.1.4: CPEs come back after it). Only `sheddable` requests (for CWMP,
 * session openings) are ever shed, so sessions under way finish.
 */
export interface ShedOptions {
  /** Admitted requests in the handler at once. */
  readonly maxInFlight: number;
  /**
   * CWMP sessions under way at once: a connection counts from its admitted opening until it
   * closes or `endsSession` says an answer ended the session. Bounding requests alone lets a
   * storm open more sessions than the ACS can carry (each waits between its exchanges, out of
   * the request count), so every session slows, and CPEs give up on them and retry.
   * @default no bound
   */
  readonly maxSessions?: number;
  readonly sheddable: (request: IncomingMessage) => boolean;
  /** This answer ends the session on its connection (CWMP: the ACS's empty 204). @default never */
  readonly endsSession?: (statusCode: number) => boolean;
}

export interface LoadShedder {
  /** Shed it: sheddable, with a bound reached. Cheap, so it can run before the admission check. */
  shouldShed(request: IncomingMessage): boolean;
  /**
   * Takes a slot for an admitted request whose body is in (and a session slot for its
   * connection if it opens one), unless it is to be shed: then false, and nothing is taken.
   */
  takeSlot(request: IncomingMessage, response: ServerResponse): boolean;
  /** The handler answered `statusCode` on this request's connection. */
  answered(request: IncomingMessage, statusCode: number): void;
}

/** Counters for one listener; `options` undefined: never sheds, counts nothing. */
export function createLoadShedder(options: ShedOptions | undefined): LoadShedder {
  let inFlight = 0;
  // Connections carrying a session under way; deleted when they close or the session ends.
  const sessions = new Set<Socket>();
  // Connections with a close listener: one, however many sessions they carry in turn.
  const watched = new WeakSet<Socket>();
  const shouldShed = (request: IncomingMessage): boolean => {
    if (options === undefined || !options.sheddable(request)) return false;
    return inFlight >= options.maxInFlight || sessions.size >= (options.maxSessions ?? Infinity);
  };
  const openSession = (socket: Socket): void => {
    sessions.add(socket);
    if (watched.has(socket)) return;
    watched.add(socket);
    socket.once("close", () => sessions.delete(socket));
  };
  return {
    shouldShed,
    takeSlot(request, response) {
      if (options === undefined) return true;
      if (shouldShed(request)) return false;
      inFlight += 1;
      response.once("close", () => {
        inFlight -= 1;
      });
      if (options.maxSessions !== undefined && options.sheddable(request))
        openSession(request.socket);
      return true;
    },
    answered(request, statusCode) {
      if (options?.endsSession?.(statusCode) === true) sessions.delete(request.socket);
    },
  };
}
