import { writeFileSync } from "node:fs";
import { buildOpenApiDocument } from "./openapi.ts";

/** `npm run openapi`: regenerates functions/api/openapi.json from the zod schemas. */
writeFileSync(
  new URL("./openapi.json", import.meta.url),
  `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`,
);
