import { addUser } from "./add-user.ts";
import { sendConnectionRequest } from "./send-connection-request.ts";
import { resolveSessionConfig } from "./session-config.ts";
import { createSessionRuntime, startSession, stopSession } from "./session-runtime.ts";
import type { XmppSession, XmppSessionOptions } from "./types.ts";

/**
 * The ACS side of TR-069 Annex K: one long-lived XMPP stream per sender instance, kept alive
 * with XEP-0199 pings, reconnected with capped exponential back-off and full jitter, over which
 * connection requests go out as IQs tracked by id.
 */
export function createXmppSession(options: XmppSessionOptions): XmppSession {
  const runtime = createSessionRuntime(resolveSessionConfig(options));
  const { config, status, iqs } = runtime;
  const isOnline = () => status.current === "online";

  return {
    get status() {
      return status.current;
    },
    get boundJid() {
      return runtime.connection?.boundJid;
    },
    get fatalError() {
      return runtime.fatalError;
    },
    get pendingIqs() {
      return iqs.pending;
    },
    start: () => startSession(runtime),
    stop: () => stopSession(runtime),
    onStatus: (listener) => status.onStatus(listener),
    sendConnectionRequest: (cr) =>
      sendConnectionRequest(cr, { config, request: iqs.request, isOnline }),
    addUser: (input) => addUser(input, { config, request: iqs.request, isOnline }),
  };
}
