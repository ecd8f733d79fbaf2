import type { AcsMessage } from "../core/cwmp/acs-messages.ts";
import type { CwmpNamespace } from "../core/cwmp/namespaces.ts";
import { type CwmpHttpResponse, xmlHeaders } from "./cwmp-http.ts";
import type { SessionDeps } from "./session-deps.ts";

/** An HTTP 200 carrying one ACS envelope. */
export function envelopeResponse(
  deps: Pick<SessionDeps, "codec">,
  cwmpNamespace: CwmpNamespace,
  id: string | undefined,
  body: AcsMessage,
  cookies?: readonly string[],
): CwmpHttpResponse {
  const xml = deps.codec.encodeAcsMessage({
    cwmpNamespace,
    header: id === undefined ? {} : { id },
    body,
  });
  return { status: 200, headers: { ...xmlHeaders }, body: xml, ...(cookies && { cookies }) };
}
