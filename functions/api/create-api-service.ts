import { InvalidCursorError, StoreUnavailableError } from "../port-errors.ts";
import {
  TaskFileNotDownloadableError,
  TaskFileNotFoundError,
  TaskFileNotReadyError,
} from "../tasks/resolve-file-task.ts";
import { MaskedSecretValueError, SecretsKeyMissingError } from "../tasks/task-secrets.ts";
import type { ApiDeps } from "./api-deps.ts";
import {
  ApiError,
  ForbiddenError,
  MethodNotAllowedError,
  SecretsKeyRequiredError,
  ServiceUnavailableError,
  UnusableFileError,
  ValidationError,
} from "./api-errors.ts";
import { type ApiRequest, type ApiResponse, json } from "./api-http.ts";
import { openApiRoutes } from "./openapi-routes.ts";
import { mayCall } from "./role-policy.ts";
import { createRouter, type Route } from "./router.ts";
import { bulkDataRoutes } from "./routes/bulk-data-routes.ts";
import { campaignRoutes } from "./routes/campaign-routes.ts";
import { connectionRequestRoutes } from "./routes/connection-request-routes.ts";
import { credentialRoutes } from "./routes/credential-routes.ts";
import { deviceRoutes } from "./routes/device-routes.ts";
import { diagnosticRoutes } from "./routes/diagnostic-routes.ts";
import { fileRoutes } from "./routes/file-routes.ts";
import { fleetRoutes } from "./routes/fleet-routes.ts";
import { meRoute } from "./routes/me-route.ts";
import { profileRoutes } from "./routes/profile-routes.ts";
import { taskRoutes } from "./routes/task-routes.ts";

export interface ApiService {
  handle(request: ApiRequest): Promise<ApiResponse>;
}

/** The provisioning API: routes, roles, validation, and error translation in one place. */
export function createApiService(deps: ApiDeps): ApiService {
  // Routing first: an unknown path stays 404 and a wrong method 405 whatever the role.
  const route = createRouter(apiRoutes(deps).map(guarded));
  return {
    handle: async (request) => {
      try {
        return await route(request);
      } catch (error) {
        return answer(deps, error);
      }
    },
  };
}

/** Every route of the API, as the router and the role policy see them. */
export function apiRoutes(deps: ApiDeps): Route[] {
  return [
    ...deviceRoutes(deps),
    ...taskRoutes(deps),
    ...connectionRequestRoutes(deps),
    ...campaignRoutes(deps),
    ...credentialRoutes(deps),
    ...profileRoutes(deps),
    ...fileRoutes(deps),
    ...diagnosticRoutes(deps),
    ...bulkDataRoutes(deps),
    ...fleetRoutes(deps),
    ...openApiRoutes(),
    meRoute,
  ];
}

/** The route, refused with 403 to a caller whose role may not call it (role-policy.ts). */
function guarded(route: Route): Route {
  return {
    ...route,
    handle: async (request, params) => {
      const { role } = request.principal;
      if (!mayCall(role, route.method, route.pattern))
        throw new ForbiddenError(`role ${role} may not ${route.method} ${route.pattern}`);
      return route.handle(request, params);
    },
  };
}

function answer(deps: ApiDeps, error: unknown): ApiResponse {
  const translated =
    error instanceof InvalidCursorError
      ? new ValidationError([{ field: "query.cursor", message: "not a cursor this API issued" }])
      : error instanceof StoreUnavailableError
        ? new ServiceUnavailableError("storage is unavailable; retry later")
        : taskFileError(secretError(error));
  if (translated instanceof ApiError) {
    const headers: Record<string, string> =
      translated instanceof MethodNotAllowedError ? { allow: translated.allowed.join(", ") } : {};
    if (translated instanceof ServiceUnavailableError) headers["retry-after"] = "5";
    return json(
      translated.status,
      { error: translated.code, message: translated.message, ...translated.details() },
      headers,
    );
  }
  deps.logger.error("API request failed", {
    error: error instanceof Error ? error.stack : String(error),
  });
  return json(500, { error: "internal", message: "internal error" });
}

/** A Download by fileId naming a file no CPE can be sent (resolve-file-task.ts): 422. */
function taskFileError(error: unknown): unknown {
  if (error instanceof TaskFileNotFoundError)
    return new UnusableFileError("unknown-file", error.fileId, error.message, { cause: error });
  if (error instanceof TaskFileNotReadyError)
    return new UnusableFileError("file-not-ready", error.fileId, error.message, { cause: error });
  if (error instanceof TaskFileNotDownloadableError)
    return new UnusableFileError("file-not-downloadable", error.fileId, error.message, {
      cause: error,
    });
  return error;
}

/** Secret values the API cannot keep sealed (task-secrets.ts), as the caller should see them. */
function secretError(error: unknown): unknown {
  if (error instanceof SecretsKeyMissingError)
    return new SecretsKeyRequiredError(error.parameters, { cause: error });
  if (error instanceof MaskedSecretValueError)
    return new ValidationError([{ field: error.parameter, message: error.message }]);
  return error;
}
