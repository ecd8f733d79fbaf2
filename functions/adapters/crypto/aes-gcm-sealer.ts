import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { SecretUnreadableError } from "../../port-errors.ts";
import type { SecretSealer } from "../../ports.ts";

/** The id of the single key of old deployments (ACS_SECRETS_KEY): `v1` values were sealed with it. */
export const legacyKeyId = "legacy";

/** A key id is stored in each sealed value: short, and free of the `.` that separates parts. */
export const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * The sealing key ring: every key a stored value may be under, by id, and the
 * one new values are sealed with. Rotation: add a key (every process that
 * opens values first: the CWMP function and the sender), make it current,
 * and keep the old one until nothing is sealed under it any more: values are
 * sealed again under the current key on their next write (`needsReseal`).
 */
export interface SealingKeys {
  readonly currentId: string;
  readonly keys: ReadonlyMap<string, Uint8Array>;
}

/**
 * AES-256-GCM (NIST SP 800-38D) with a random 96-bit IV per value; the
 * context (device id and field) is the additional authenticated data, so a
 * sealed value moved to another device or field fails to open. Format:
 * `v2.<keyId>.<iv>.<ciphertext>.<tag>`, base64url parts; `v1.<iv>.<ciphertext>.<tag>`
 * (before key ids) is read as sealed under the legacy key. The key id needs
 * no authentication of its own: under another key the tag does not verify.
 * A single key is a ring of one, the legacy key.
 */
export function createAesGcmSealer(keys: SealingKeys | Uint8Array): SecretSealer {
  const ring = keys instanceof Uint8Array ? singleKey(keys) : keys;
  const secrets = new Map([...ring.keys].map(([id, key]) => [id, checkedKey(id, key)]));
  const current = secrets.get(ring.currentId);
  if (current === undefined) throw new RangeError(`no sealing key with id "${ring.currentId}"`);
  // A separate key for digests (RFC 5869 HKDF): the sealing key itself is used for AES-GCM only.
  const digestKey = Buffer.from(hkdfSync("sha256", current, "", "acs secret fingerprint", 32));
  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const parts = [iv, data, cipher.getAuthTag()].map((part) => part.toString("base64url"));
      return ["v2", ring.currentId, ...parts].join(".");
    },
    open(sealed, context) {
      const parsed = parseSealed(sealed);
      const key = parsed && secrets.get(parsed.keyId);
      if (parsed === undefined || key === undefined) throw new SecretUnreadableError(context);
      try {
        return decrypt(key, parsed, context);
      } catch (cause) {
        throw new SecretUnreadableError(context, { cause });
      }
    },
    needsReseal(sealed) {
      return parseSealed(sealed)?.keyId !== ring.currentId;
    },
    fingerprint(plain, context) {
      const mac = createHmac("sha256", digestKey).update(`${context}\0${plain}`, "utf8");
      return `${ring.currentId}.${mac.digest("base64url")}`;
    },
  };
}

function singleKey(key: Uint8Array): SealingKeys {
  return { currentId: legacyKeyId, keys: new Map([[legacyKeyId, key]]) };
}

function checkedKey(id: string, key: Uint8Array): Buffer {
  if (!keyIdPattern.test(id)) throw new RangeError(`sealing key id "${id}" is not ${keyIdPattern}`);
  if (key.length !== 32) throw new RangeError("the sealing key must be 32 bytes (AES-256)");
  return Buffer.from(key);
}

interface SealedParts {
  readonly keyId: string;
  readonly iv: string;
  readonly data: string;
  readonly tag: string;
}

function parseSealed(sealed: string): SealedParts | undefined {
  const parts = sealed.split(".");
  const [version] = parts;
  const [keyId, iv, data, tag] =
    version === "v1" && parts.length === 4
      ? [legacyKeyId, ...parts.slice(1)]
      : version === "v2" && parts.length === 5
        ? parts.slice(1)
        : [];
  if (!keyId || !iv || data === undefined || !tag) return undefined;
  return { keyId, iv, data, tag };
}

function decrypt(key: Buffer, sealed: SealedParts, context: string): string {
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64url"), {
    authTagLength: 16, // a full tag only: a truncated one would weaken authentication
  });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(sealed.tag, "base64url"));
  const plain = Buffer.concat([
    decipher.update(Buffer.from(sealed.data, "base64url")),
    decipher.final(),
  ]);
  return plain.toString("utf8");
}
