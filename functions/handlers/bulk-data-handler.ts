import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import {
  type BulkDataCollectorDeps,
  collectBulkReport,
} from "../services/bulk-data/collect-bulk-report.ts";

/**
 * API Gateway (HTTP API, payload 2.0) -> the collector -> its answer. The same function runs
 * in Lambda and behind the local ACS's bulk data listener. A 401 carries a Basic challenge
 * (RFC 7617) so a CPE that waits for one sends its credentials.
 */
export function createBulkDataHandler(deps: BulkDataCollectorDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(event.headers ?? {})) {
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
    const body =
      event.body === undefined
        ? new Uint8Array()
        : Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8");
    const answer = await collectBulkReport(deps, {
      headers,
      query: firstValues(event.rawQueryString ?? ""),
      body,
    });
    return {
      statusCode: answer.status,
      headers: {
        ...(answer.reason !== undefined && { "Content-Type": "text/plain; charset=utf-8" }),
        ...(answer.status === 401 && { "WWW-Authenticate": 'Basic realm="bulk-data"' }),
        ...(answer.status === 503 && { "Retry-After": "30" }),
      },
      body: answer.reason ?? "",
      isBase64Encoded: false,
    };
  };
}

/** Query string -> first value of each name (TR-181 RequestURIParameter names are unique). */
function firstValues(raw: string): Record<string, string> {
  const query: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(raw)) {
    if (!Object.hasOwn(query, name)) query[name] = value;
  }
  return query;
}
