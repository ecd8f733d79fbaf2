import type { SenderImageSource } from "./constructs/connection-request-service.ts";
import { senderImageSource } from "./sender-image.ts";

/** The ejabberd image: built at deploy from the repository root, like the sender's. */
export function xmppServerImageSource(projectRoot: string): SenderImageSource {
  return { ...senderImageSource(projectRoot), file: "functions/xmpp-server/Dockerfile" };
}
