import createClient, { type Client } from "openapi-fetch";
import type { Readable } from "openapi-typescript-helpers";
import type { components, paths } from "../api-types.ts";

export type ConsoleApi = Client<paths>;
// As openapi-fetch hands responses over (openapi-typescript-helpers ships with it).
type Schema<Name extends keyof components["schemas"]> = Readable<components["schemas"][Name]>;
export type DeviceSummary = Schema<"DeviceSummary">;
export type Device = Schema<"Device">;
export type Task = Schema<"Task">;
export type Campaign = Schema<"Campaign">;
export type StoredFile = Schema<"File">;
export type ConnectionRequestResult = Schema<"ConnectionRequestResult">;
export type FieldIssue = NonNullable<Schema<"Error">["issues"]>[number];
export type ProfileList = Readable<
  paths["/profiles"]["get"]["responses"][200]["content"]["application/json"]
>;

/**
 * The provisioning API, typed from the OpenAPI document (`npm run console:types`), so a
 * changed route or schema is a compile error here. `baseUrl` comes from `console-config.json`:
 * locally `/api` on the console's own origin (so its pages never collide with a route), in AWS
 * `/console-api`, which CloudFront forwards to the API's JWT-authorized route set.
 */
export function createConsoleApi(options: {
  readonly baseUrl: string;
  /** The bearer token of each call, read at call time (it changes on sign-in); none: no header. */
  readonly getToken: () => string | undefined;
  /** Called when the API answers 401 (the token expired or was revoked): sign in again. */
  readonly onUnauthorized?: () => void;
}) {
  const client = createClient<paths>({ baseUrl: options.baseUrl });
  client.use({
    onRequest({ request }) {
      const token = options.getToken();
      if (token) request.headers.set("authorization", `Bearer ${token}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) options.onUnauthorized?.();
      return response;
    },
  });
  return client;
}

/** The message an API error body carries, or the HTTP status when it carries none. */
export function errorText(error: unknown, response: Response): string {
  const body = error as { message?: unknown; error?: unknown } | undefined;
  const text = body?.message ?? body?.error;
  return typeof text === "string" ? `${response.status}: ${text}` : `HTTP ${response.status}`;
}

/** Task statuses after which nothing more happens to a task. */
export { finalTaskStatuses } from "../../core/model/task.ts";
