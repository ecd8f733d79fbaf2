import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as z from "zod/mini";
import { ValidationError } from "../../functions/api/api-errors.ts";
import type { ApiRequest } from "../../functions/api/api-http.ts";
import { parseBody, parseQuery, parseValue } from "../../functions/api/parse-input.ts";
import { deviceListQuerySchema, idempotencyKeySchema } from "../../functions/api/query-schemas.ts";
import { taskSpecSchema } from "../../functions/api/task-schema.ts";
import { parseCrMessage } from "../../functions/messages/connection-request-message.ts";

const request = (fields: Partial<ApiRequest>) => ({ query: {}, ...fields }) as ApiRequest;

function issuesOf(act: () => unknown): readonly { field: string; message: string }[] {
  try {
    act();
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    return error.issues;
  }
  assert.fail("no ValidationError");
}

/**
 * The API's Lambda bundle has no classic zod, so no zod locale is installed there; this test
 * process may have one (classic zod installs its English locale globally when any module
 * imports it). It is taken out here, so the messages below come from what the API itself does.
 */
describe("parse-input with no zod locale installed (as in the API's Lambda bundle)", () => {
  let installed: z.core.$ZodConfig["localeError"];
  before(() => {
    installed = z.config().localeError;
    z.config({ localeError: undefined });
  });
  after(() => z.config({ localeError: installed }));

  it("words a query's issues as classic zod's English locale did", () => {
    // Prepare
    const query = { limit: "0", bogus: "x", lastInformBefore: "yesterday" };

    // Act
    const issues = issuesOf(() => parseQuery(deviceListQuerySchema, request({ query })));

    // Assess
    assert.deepEqual(issues, [
      { field: "query.lastInformBefore", message: "Invalid ISO datetime" },
      { field: "query.limit", message: "Too small: expected number to be >=1" },
      { field: "query", message: 'Unrecognized key: "bogus"' },
    ]);
  });

  it("words a body's issues as before, a schema's own message first", () => {
    // Prepare
    const body = JSON.stringify({
      name: "setParameterValues",
      parameterValues: [["bad path", 1, "xsd:nope"]],
    });

    // Act
    const issues = issuesOf(() => parseBody(taskSpecSchema, request({ body })));

    // Assess
    assert.deepEqual(issues, [
      { field: "body.parameterValues[0][0]", message: "not a TR-106 parameter path" },
      {
        field: "body.parameterValues[0][1]",
        message: "Invalid input: expected string, received number",
      },
      {
        field: "body.parameterValues[0][2]",
        message: `Invalid option: expected one of ${issueValues(taskSpecSchema, body)}`,
      },
    ]);
  });

  it("words a header's issue and a queue message's reason in English too", () => {
    // Act
    const header = issuesOf(() => parseValue(idempotencyKeySchema, "header", "key", 5));
    const reason = (() => {
      try {
        parseCrMessage('{"deviceId":""}');
      } catch (error) {
        return (error as { reason: string }).reason;
      }
    })();

    // Assess
    assert.deepEqual(header, [
      { field: "header.key", message: "Invalid input: expected string, received number" },
    ]);
    assert.equal(reason, "deviceId: Too small: expected string to have >=1 characters");
  });
});

/** The enum's options as zod's English locale lists them ("a"|"b"|...). */
function issueValues(schema: z.ZodMiniType, body: string): string {
  const parsed = z.safeParse(schema, JSON.parse(body));
  const issue = parsed.error?.issues.find((i) => i.code === "invalid_value");
  assert.ok(issue && issue.code === "invalid_value");
  return issue.values.map((value) => JSON.stringify(value)).join("|");
}
