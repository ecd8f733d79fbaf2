/**
 * The human-readable API reference (`GET /docs`): one self-contained HTML page
 * rendered from the OpenAPI document, with no script and no external asset, so
 * it works offline and cannot drift from `/openapi.json`.
 */

import { escapeXml as text } from "../core/xml/escape-xml.ts";

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly description?: string;
  readonly schema?: unknown;
}

interface Operation {
  readonly summary?: string;
  readonly description?: string;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content?: Readonly<Record<string, { schema?: unknown }>> };
  readonly responses?: Readonly<
    Record<
      string,
      {
        readonly description?: string;
        readonly content?: Readonly<Record<string, { schema?: unknown }>>;
      }
    >
  >;
}

/** The parts of an OpenAPI 3.1 document the page shows. */
export interface DocumentedApi {
  readonly info: {
    readonly title: string;
    readonly version: string;
    readonly description?: string;
  };
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, unknown>> };
}

const methods = ["get", "put", "post", "patch", "delete"] as const;

const style = `body{font:15px/1.45 system-ui,sans-serif;max-width:72rem;margin:0 auto;padding:1rem;color:#1b1b1b}
code,pre{font:13px/1.4 ui-monospace,monospace}pre{background:#f4f4f4;padding:.6rem;overflow:auto}
table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}
section.op{border-top:1px solid #ddd;padding:.4rem 0}.m{display:inline-block;min-width:4.5rem;font-weight:bold;text-transform:uppercase}`;

export function renderOpenApiDocsPage(document: DocumentedApi): string {
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const operation = item[method];
      return operation === undefined ? [] : [{ path, method, operation }];
    }),
  );
  const schemas = Object.entries(document.components?.schemas ?? {});
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${text(document.info.title)}</title><style>${style}</style></head><body>`,
    `<h1>${text(document.info.title)} <small>${text(document.info.version)}</small></h1>`,
    `<p>${text(document.info.description ?? "")}</p>`,
    '<p>Machine-readable: <a href="openapi.json">openapi.json</a>.</p>',
    "<h2>Routes</h2><ul>",
    ...operations.map(
      ({ path, method, operation }) =>
        `<li><a href="#${anchor(method, path)}"><span class="m">${method}</span><code>${text(path)}</code></a> ${text(operation.summary ?? "")}</li>`,
    ),
    "</ul>",
    ...operations.map(({ path, method, operation }) => renderOperation(path, method, operation)),
    "<h2>Schemas</h2>",
    ...schemas.map(
      ([name, schema]) =>
        `<section id="schema-${text(name)}"><h3>${text(name)}</h3><pre>${text(JSON.stringify(schema, null, 2))}</pre></section>`,
    ),
    "</body></html>",
  ].join("\n");
}

function renderOperation(path: string, method: string, operation: Operation): string {
  const parameters = operation.parameters ?? [];
  const body = operation.requestBody?.content;
  return [
    `<section class="op" id="${anchor(method, path)}">`,
    `<h3><span class="m">${method}</span><code>${text(path)}</code></h3>`,
    `<p>${text(operation.summary ?? "")}</p>`,
    operation.description === undefined ? "" : `<p>${text(operation.description)}</p>`,
    parameters.length === 0
      ? ""
      : `<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th><th>description</th></tr>${parameters.map(renderParameter).join("")}</table>`,
    body === undefined
      ? ""
      : `<p>Request body: ${Object.entries(body)
          .map(([type, media]) => `<code>${text(type)}</code> ${renderSchema(media.schema)}`)
          .join(", ")}</p>`,
    "<table><tr><th>status</th><th>meaning</th><th>body</th></tr>",
    ...Object.entries(operation.responses ?? {}).map(
      ([status, response]) =>
        `<tr><td>${text(status)}</td><td>${text(response.description ?? "")}</td><td>${Object.values(
          response.content ?? {},
        )
          .map((media) => renderSchema(media.schema))
          .join(" ")}</td></tr>`,
    ),
    "</table></section>",
  ].join("\n");
}

function renderParameter(parameter: Parameter): string {
  const schemaDescription = (parameter.schema as { description?: unknown } | undefined)
    ?.description;
  const description =
    parameter.description ?? (typeof schemaDescription === "string" ? schemaDescription : "");
  return `<tr><td><code>${text(parameter.name)}</code></td><td>${text(parameter.in)}</td><td>${parameter.required === true ? "yes" : "no"}</td><td>${renderSchema(parameter.schema)}</td><td>${text(description)}</td></tr>`;
}

/** A `$ref` to a component schema links to it; any other schema is shown inline. */
function renderSchema(schema: unknown): string {
  if (schema === undefined) return "";
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
    const name = ref.slice("#/components/schemas/".length);
    return `<a href="#schema-${text(name)}">${text(name)}</a>`;
  }
  const { $schema: _, description: __, ...shown } = schema as Record<string, unknown>;
  return `<code>${text(JSON.stringify(shown))}</code>`;
}

function anchor(method: string, path: string): string {
  return text(`${method}-${path.replace(/[^A-Za-z0-9]+/g, "-")}`);
}
