import * as z from "zod/mini";
import { cpeHa1 } from "../../core/auth/cpe-authenticator.ts";
import { isDeviceId } from "../../core/model/device-id.ts";
import type { ApiDeps } from "../api-deps.ts";
import { ConflictError, NotFoundError } from "../api-errors.ts";
import { json } from "../api-http.ts";
import { parseBody, parseValue } from "../parse-input.ts";
import { decodeSegment, type Route } from "../router.ts";

/** The username a CPE presents (ManagementServer.Username): printable ASCII, no colon (RFC 7617). */
export const cpeUsernameSchema = z
  .string()
  .check(z.regex(/^[\x21-\x39\x3b-\x7e]{1,128}$/, "1-128 printable ASCII characters, no ':'"));

export const cpeCredentialSchema = z.strictObject({
  password: z
    .string()
    .check(
      z.minLength(8),
      z.maxLength(128),
      z.describe("ManagementServer.Password the CPE will present"),
    ),
  deviceId: z
    .string()
    .check(z.refine(isDeviceId, "not a device id (OUI-ProductClass-SerialNumber)")),
});

/**
 * PUT/DELETE /cpe-credentials/{username}: per-device CPE -> ACS credentials
 * (TR-069 3.4.4). Only HA1 (MD5 and SHA-256) for the ACS's realm is stored; the username is
 * bound to one device, so it cannot open sessions for another, and that device no longer
 * accepts the shared credential. The shared username itself is refused: per-device records are
 * looked up first, so one with that name would lock out every CPE using the shared credential.
 */
export function credentialRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: "PUT",
      pattern: "/cpe-credentials/{username}",
      handle: async (request, params) => {
        const username = parseValue(
          cpeUsernameSchema,
          "path",
          "username",
          decodeSegment(params.username ?? ""),
        );
        if (username === deps.cpeSharedUsername) {
          throw new ConflictError(
            `${username} is the shared CPE username (ACS_CPE_USERNAME): choose another per-device username`,
          );
        }
        const { password, deviceId } = parseBody(cpeCredentialSchema, request);
        const ha1 = cpeHa1(username, deps.cpeAuthRealm, password);
        await deps.cpeCredentials.putCredential(username, { ha1, deviceId, now: deps.clock.now() });
        return json(200, { username, deviceId });
      },
    },
    {
      method: "DELETE",
      pattern: "/cpe-credentials/{username}",
      handle: async (_request, params) => {
        const username = parseValue(
          cpeUsernameSchema,
          "path",
          "username",
          decodeSegment(params.username ?? ""),
        );
        if (!(await deps.cpeCredentials.deleteCredential(username)))
          throw new NotFoundError(`credential ${username}`);
        return json(200, { deleted: username });
      },
    },
  ];
}
