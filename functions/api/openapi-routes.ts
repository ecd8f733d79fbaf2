import type { Route } from "./router.ts";

interface RenderedOpenApi {
  readonly document: string;
  readonly docsPage: string;
}

/**
 * GET /openapi.json and GET /docs. The document is built on the first request
 * that asks for it, not at cold start: building it turns every zod schema into
 * JSON Schema, work that most Lambda instances never need.
 */
export function openApiRoutes(): Route[] {
  let rendered: Promise<RenderedOpenApi> | undefined;
  const render = (): Promise<RenderedOpenApi> => {
    // A failed build is not kept: the next request tries again.
    rendered ??= renderOpenApi().catch((error: unknown) => {
      rendered = undefined;
      throw error;
    });
    return rendered;
  };
  return [
    {
      method: "GET",
      pattern: "/openapi.json",
      handle: async () => ({
        status: 200,
        headers: { "content-type": "application/json" },
        body: (await render()).document,
      }),
    },
    {
      method: "GET",
      pattern: "/docs",
      handle: async () => ({
        status: 200,
        headers: { "content-type": "text/html; charset=utf-8" },
        body: (await render()).docsPage,
      }),
    },
  ];
}

async function renderOpenApi(): Promise<RenderedOpenApi> {
  const [{ buildOpenApiDocument }, { renderOpenApiDocsPage }] = await Promise.all([
    import("./openapi.ts"),
    import("./openapi-docs-page.ts"),
  ]);
  const openApi = buildOpenApiDocument();
  return { document: JSON.stringify(openApi), docsPage: renderOpenApiDocsPage(openApi) };
}
