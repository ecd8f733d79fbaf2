import type { Principal } from "./role-policy.ts";

/** The provisioning API's HTTP exchange, independent of API Gateway or node:http. */
export interface ApiRequest {
  readonly method: string;
  /** Without the optional "/api" prefix. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string | undefined;
  /** Who calls, as the edge identified them (handlers/api-handler.ts); the role is checked per route. */
  readonly principal: Principal;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function json(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): ApiResponse {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(value),
  };
}
