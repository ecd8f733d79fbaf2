/**
 * Who may call what: three roles, ordered, each allowed what the one below it may do and more.
 * The API enforces this (`create-api-service.ts` checks it after routing); the console only
 * hides the controls a role may not use, from `GET /me`.
 */
export const roles = ["viewer", "operator", "admin"] as const;
export type Role = (typeof roles)[number];

/** How the caller was identified: SigV4 (IAM authorizer), a Cognito JWT, or a local bearer token. */
export type PrincipalSource = "iam" | "cognito" | "token";

export interface Principal {
  /** The caller's name: an IAM ARN, a Cognito username, or `token/<role>` locally. */
  readonly id: string;
  readonly role: Role;
  readonly source: PrincipalSource;
}

/**
 * The least role each changing route needs, keyed `METHOD pattern` with the router's own patterns
 * (routes/*.ts). Reads (GET) are the viewer's; a changing route missing here is the admin's alone
 * (closed by default), and `test/api/role-policy.test.ts` fails until it is listed.
 */
export const changingRoutePermissions: Readonly<Record<string, Role>> = {
  "POST /devices/{id}/tasks": "operator",
  "DELETE /tasks/{taskId}": "operator",
  "POST /devices/{id}/diagnostics": "operator",
  "POST /devices/{id}/connection-request": "operator",
  "PUT /devices/{id}/tags/{tag}": "operator",
  "DELETE /devices/{id}/tags/{tag}": "operator",
  "POST /campaigns": "operator",
  "POST /campaigns/{campaignId}/pause": "operator",
  "POST /campaigns/{campaignId}/resume": "operator",
  "POST /campaigns/{campaignId}/cancel": "operator",
  "DELETE /devices/{id}": "admin",
  "PUT /profiles/{name}": "admin",
  "DELETE /profiles/{name}": "admin",
  "POST /files": "admin",
  "POST /files/{fileId}/complete": "admin",
  "DELETE /files/{fileId}": "admin",
  "PUT /cpe-credentials/{username}": "admin",
  "DELETE /cpe-credentials/{username}": "admin",
};

/** The least role a route needs; `pattern` as the router declares it ("/devices/{id}"). */
export function requiredRole(method: string, pattern: string): Role {
  if (method === "GET" || method === "HEAD") return "viewer";
  return changingRoutePermissions[`${method} ${pattern}`] ?? "admin";
}

export function mayCall(role: Role, method: string, pattern: string): boolean {
  return roles.indexOf(role) >= roles.indexOf(requiredRole(method, pattern));
}

/** The highest of the named roles; names that are not roles are ignored (other Cognito groups). */
export function highestRole(names: readonly string[]): Role | undefined {
  const held = roles.filter((role) => names.includes(role));
  return held.at(-1);
}
