import { MethodNotAllowedError, NotFoundError } from "./api-errors.ts";
import type { ApiRequest, ApiResponse } from "./api-http.ts";

export type RouteHandler = (
  request: ApiRequest,
  params: Readonly<Record<string, string>>,
) => Promise<ApiResponse>;

export interface Route {
  readonly method: string;
  /** e.g. "/devices/{id}/tags/{tag}" */
  readonly pattern: string;
  readonly handle: RouteHandler;
}

interface CompiledRoute extends Route {
  readonly regex: RegExp;
  readonly names: readonly string[];
}

/**
 * A small path router: literal segments and {name} placeholders (one
 * segment each). Params stay percent-encoded: device ids carry escapes of
 * their own, so each route decodes what it needs (see device-param.ts).
 */
export function createRouter(routes: readonly Route[]) {
  const compiled: CompiledRoute[] = routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    return { ...route, regex: new RegExp(`^${source}/?$`), names };
  });
  return async (request: ApiRequest): Promise<ApiResponse> => {
    const matching = compiled.filter((route) => route.regex.test(request.path));
    if (matching.length === 0) throw new NotFoundError(`route ${request.path}`);
    const route = matching.find((candidate) => candidate.method === request.method);
    if (!route) throw new MethodNotAllowedError(matching.map((candidate) => candidate.method));
    const values = route.regex.exec(request.path)?.slice(1) ?? [];
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = values[i] ?? "";
    });
    return route.handle(request, params);
  };
}

/** A path segment as text ("%2F" -> "/"); a malformed escape names nothing we have. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new NotFoundError(`path segment ${segment}`);
  }
}
