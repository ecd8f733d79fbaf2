/** One answer of the ACS's REST API: the status and the parsed JSON body (undefined when empty). */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Calls the ACS's REST API with a bearer token; a body is sent as JSON. */
export type BenchApi = (method: string, path: string, body?: unknown) => Promise<ApiAnswer>;

/** An answer the benchmark cannot go on from (a refused request, an unexpected status). */
export class BenchApiError extends Error {
  readonly status: number;

  constructor(method: string, path: string, answer: ApiAnswer) {
    super(`${method} ${path}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    this.name = "BenchApiError";
    this.status = answer.status;
  }
}

export function benchApi(options: { readonly apiUrl: string; readonly token: string }): BenchApi {
  return async (method, path, body) => {
    const response = await fetch(new URL(path.replace(/^\//, ""), options.apiUrl), {
      method,
      headers: {
        authorization: `Bearer ${options.token}`,
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
  };
}

/** The body of an answer with one of the `expected` statuses; otherwise BenchApiError. */
export async function expectStatus<T>(
  api: BenchApi,
  expected: readonly number[],
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const answer = await api(method, path, body);
  if (!expected.includes(answer.status)) throw new BenchApiError(method, path, answer);
  return answer.body as T;
}
