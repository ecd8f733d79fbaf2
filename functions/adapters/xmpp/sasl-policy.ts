import { XmppNoAcceptableMechanismError, XmppTlsRequiredError } from "./errors.ts";
import type { CredentialsHandler, RawXmppClient, XmlElement } from "./raw-client.ts";
import { deriveScramSha1Keys, parseServerFirstMessage } from "./scram-keys.ts";

const NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl";

/**
 * SCRAM-SHA-1 (RFC 5802) never reveals the password to the server and is preferred; PLAIN
 * (RFC 4616) sends it as is and is accepted only inside TLS. @xmpp/client 0.14 implements no
 * stronger SCRAM variant, so SCRAM-SHA-1 is the best on offer.
 */
export function chooseSaslMechanism(
  offered: readonly string[],
  secure: boolean,
): string | undefined {
  if (offered.includes("SCRAM-SHA-1")) return "SCRAM-SHA-1";
  if (secure && offered.includes("PLAIN")) return "PLAIN";
  return undefined;
}

export interface SaslPolicyOptions {
  username: string;
  password: string;
  requireTls: boolean;
}

/**
 * The SCRAM implementation bundled with @xmpp/client runs PBKDF2 as one WebCrypto HMAC per
 * iteration (about a second per login at 10000 iterations). It accepts precomputed
 * ClientKey/ServerKey for a cached salt; an empty cached salt matches any salt. We hand it
 * empty key buffers and fill them with node:crypto's native PBKDF2 the moment the server's
 * challenge (carrying salt and iteration count) arrives, before the library reads them.
 */
function precomputeScramKeys(
  entity: RawXmppClient,
  password: string,
): { credentials: Record<string, unknown>; dispose: () => void } {
  const clientKey = new Uint8Array(20);
  const serverKey = new Uint8Array(20);
  const onElement = (element: XmlElement) => {
    if (!element.is("challenge", NS_SASL)) return;
    entity.off("element", onElement);
    const parsed = parseServerFirstMessage(Buffer.from(element.text(), "base64").toString("utf8"));
    if (parsed === undefined) return; // the library rejects the malformed challenge itself
    const keys = deriveScramSha1Keys(password, parsed.salt, parsed.iterations);
    clientKey.set(keys.clientKey);
    serverKey.set(keys.serverKey);
  };
  entity.prependListener("element", onElement);
  return {
    credentials: { salt: new Uint8Array(0), clientKey, serverKey },
    dispose: () => entity.off("element", onElement),
  };
}

/**
 * Replaces @xmpp/client's default credential handling: it is called at the SASL step (RFC 6120
 * section 6), where we can still refuse to authenticate over a plain-text stream.
 */
export function createSaslPolicy(options: SaslPolicyOptions): CredentialsHandler {
  return async (authenticate, mechanisms, _fast, entity) => {
    const secure = entity.isSecure();
    if (options.requireTls && !secure) throw new XmppTlsRequiredError();
    const mechanism = chooseSaslMechanism(mechanisms, secure);
    if (mechanism === undefined) throw new XmppNoAcceptableMechanismError(mechanisms);
    const credentials = { username: options.username, password: options.password };
    if (mechanism !== "SCRAM-SHA-1") return authenticate(credentials, mechanism);
    const scram = precomputeScramKeys(entity, options.password);
    try {
      await authenticate({ ...credentials, ...scram.credentials }, mechanism);
    } finally {
      scram.dispose();
    }
  };
}
