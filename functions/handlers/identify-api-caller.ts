import { timingSafeEqual } from "node:crypto";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithIAMAuthorizer,
  APIGatewayProxyEventV2WithJWTAuthorizer,
} from "aws-lambda";
import { highestRole, type Principal, roles } from "../api/role-policy.ts";
import type { RoleToken } from "../config/api-role-tokens.ts";

/** An HTTP API (payload 2.0) event as the API Lambda gets it: no authorizer, IAM, or JWT. */
export type ApiGatewayEvent =
  | APIGatewayProxyEventV2
  | APIGatewayProxyEventV2WithIAMAuthorizer
  | APIGatewayProxyEventV2WithJWTAuthorizer;

export type CallerIdentity =
  | { readonly kind: "principal"; readonly principal: Principal }
  | { readonly kind: "unauthenticated"; readonly message: string }
  | { readonly kind: "no-role"; readonly message: string };

/**
 * Who calls, from what the edge established. In AWS: a JWT authorizer's claims (the console's
 * route set, Cognito groups -> role), or the IAM authorizer (SigV4: machines, admin). Locally
 * (`tokens` given) a bearer token names the role. The console's route set without claims is
 * refused: only the machines' route set is IAM-authorized.
 */
export function identifyApiCaller(
  event: ApiGatewayEvent,
  options: { readonly consoleRoute: boolean; readonly tokens?: readonly RoleToken[] },
): CallerIdentity {
  const authorizer =
    "authorizer" in event.requestContext ? event.requestContext.authorizer : undefined;
  if (authorizer && "jwt" in authorizer) return fromClaims(authorizer.jwt.claims);
  if (authorizer && "iam" in authorizer)
    return admin(authorizer.iam.userArn || authorizer.iam.callerId || "iam", "iam");
  if (options.tokens !== undefined) return fromBearer(event.headers?.authorization, options.tokens);
  if (options.consoleRoute)
    return { kind: "unauthenticated", message: "the console's routes need a Cognito token" };
  // Machines' route set in AWS: API Gateway's IAM authorizer has already checked SigV4.
  return admin("iam", "iam");
}

function admin(id: string, source: Principal["source"]): CallerIdentity {
  return { kind: "principal", principal: { id, role: "admin", source } };
}

type Claims = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** Cognito access token claims (checked by API Gateway's JWT authorizer): groups -> role. */
function fromClaims(claims: Claims): CallerIdentity {
  const role = highestRole(cognitoGroups(claims["cognito:groups"]));
  if (role === undefined)
    return {
      kind: "no-role",
      message: `the user is in none of the groups ${roles.join(", ")}; an administrator adds them to one`,
    };
  const id = [claims.username, claims["cognito:username"], claims.sub].find(
    (value) => typeof value === "string" && value !== "",
  );
  return { kind: "principal", principal: { id: String(id ?? "unknown"), role, source: "cognito" } };
}

/**
 * `cognito:groups` as API Gateway hands it over: HTTP API flattens a claim's array to
 * "[viewer operator]"; a JSON array's text ("[\"viewer\"]") and a real array are read too.
 */
export function cognitoGroups(claim: Claims[string] | undefined): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== "string") return [];
  const text = claim.trim();
  if (text.startsWith('["')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON after all: read it as the flattened form below.
    }
  }
  return text
    .replace(/^\[|\]$/g, "")
    .split(/[\s,]+/)
    .filter((name) => name !== "");
}

function fromBearer(header: string | undefined, tokens: readonly RoleToken[]): CallerIdentity {
  const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim() ?? "");
  // Every token is compared, in constant time each, so timing tells nothing of which matched.
  const matched = tokens.filter((candidate) => sameBytes(given, Buffer.from(candidate.token)));
  const role = highestRole(matched.map((candidate) => candidate.role));
  if (role === undefined)
    return { kind: "unauthenticated", message: "missing or wrong bearer token" };
  return { kind: "principal", principal: { id: `token/${role}`, role, source: "token" } };
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
