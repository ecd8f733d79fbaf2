import { bulkDataPaths, bulkDataResponseSchemas } from "./openapi-bulk-data-paths.ts";
import { diagnosticPaths, diagnosticResponseSchemas } from "./openapi-diagnostic-paths.ts";
import { filePaths, fileResponseSchemas } from "./openapi-file-paths.ts";
import { jsonSchema } from "./openapi-parameters.ts";
import { openApiPaths } from "./openapi-paths.ts";
import { responseSchemas } from "./openapi-responses.ts";
import { taskSpecSchema } from "./task-schema.ts";

/**
 * OpenAPI 3.1 document of the provisioning API: requests generated from the
 * same zod schemas that validate them, responses from openapi-responses.ts
 * (functions/api/openapi.json is this, kept in the repo; a test fails when
 * they drift apart).
 */
export function buildOpenApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Serverless ACS provisioning API",
      version: "1.0.0",
      description:
        "Devices, tasks and connection requests of a TR-069 ACS. In AWS the routes live under /api/ and use IAM (SigV4) authorization; the local ACS serves them at the root with a bearer token.",
    },
    servers: [{ url: "http://127.0.0.1:7557", description: "local ACS (npm start)" }],
    security: [{ bearer: [] }, { sigv4: [] }],
    paths: { ...openApiPaths(), ...filePaths(), ...diagnosticPaths(), ...bulkDataPaths() },
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "Local ACS: the token printed at start, or ACS_API_TOKEN",
        },
        sigv4: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description: "AWS: IAM SigV4 (API Gateway IAM authorization)",
        },
      },
      schemas: {
        TaskSpec: jsonSchema(taskSpecSchema),
        ...responseSchemas,
        ...fileResponseSchemas,
        ...diagnosticResponseSchemas,
        ...bulkDataResponseSchemas,
      },
    },
  };
}
