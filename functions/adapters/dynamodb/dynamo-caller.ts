import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { AwsLiteClient } from "../aws-lite/aws-lite-on-first-use.ts";
import { marshallInput, unmarshallOutput } from "./dynamo-codec.ts";
import { DynamoServiceError, DynamoUnreachableError } from "./errors.ts";

/** The operations the adapters send (table-client.ts, batch-get.ts, batch-write.ts). */
export type DynamoOperation =
  | "GetItem"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "Query"
  | "BatchGetItem"
  | "BatchWriteItem";

type Body = Record<string, unknown>;

/** What an observer (count-requests.ts) sees, in the wire form. */
export interface DynamoCallHooks {
  /** Once per call, before the first attempt: the input to send instead. */
  readonly prepare?: (operation: DynamoOperation, input: Body) => Body;
  /** Every attempt, retries included (a throttled attempt costs latency, if not money). */
  readonly attempt?: (operation: DynamoOperation, input: Body) => void;
  /** The final answer of a call. */
  readonly answered?: (operation: DynamoOperation, output: Body) => void;
  /** The final failure of a call (after the retries). */
  readonly failed?: (operation: DynamoOperation, error: unknown) => void;
}

/**
 * The one way to DynamoDB: an operation and its input in the document form (JavaScript values,
 * as the SDK's DocumentClient takes them) in, the answer in the same form out. Failures leave
 * as DynamoServiceError (DynamoDB answered) or DynamoUnreachableError (it did not).
 */
export interface DynamoCaller {
  send(operation: DynamoOperation, input: Body): Promise<Body>;
  /** Adds hooks to every later call; returns their removal. */
  observe(hooks: DynamoCallHooks): () => void;
}

export interface DynamoCallerOptions {
  /** aws-lite/aws-lite-on-first-use.ts: endpoint, region, credentials, keep-alive. */
  readonly awsLite: () => Promise<AwsLiteClient>;
  /** Attempts per call, the first included (the SDK's standard mode has 3). @default 3 */
  readonly maxAttempts?: number;
  /** First back-off, doubling per retry with full jitter, capped at 20 s (5x when throttled). @default 100 */
  readonly baseDelayMs?: number;
}

/**
 * Service errors that go away by waiting (on-demand tables throttle too), as the SDK's
 * standard retry mode classifies them; 5xx and 429 answers too.
 */
const throttlingCodes: ReadonlySet<string> = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "LimitExceededException",
  "TransactionInProgressException",
]);

/** A failure another attempt may not see: throttling, a 5xx, no answer at all. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof DynamoUnreachableError) return true;
  return (
    error instanceof DynamoServiceError &&
    (error.statusCode >= 500 || error.statusCode === 429 || throttlingCodes.has(error.code))
  );
}

/**
 * DynamoDB over aws-lite (a signed HTTPS POST of DynamoDB's JSON protocol) rather than the AWS
 * SDK, the team's default, for the Lambda cold start: measured on the 2-core bench machine
 * (Node 20, esbuild bundles), a bundle holding only the SDK's DynamoDBDocumentClient imports in
 * ~50 ms (its Smithy runtime, protocols and credential chain, ~14 ms of it node:https/tls/
 * crypto/stream), one with aws-lite in ~25 ms. With this caller and secrets-manager-reader.ts,
 * the CWMP function's import and init went from 93.5 to 60.0 ms, the API's from 104.1 to 64.9 ms
 * (bench/cold-start-bench.ts, BENCHMARKS.md "Lambda cold start"). What the SDK gave that is done here:
 * retries (bounded exponential back-off with full jitter, the SDK's standard mode: 3 attempts,
 * base 100 ms, 500 ms when throttled, 20 s cap; no retry quota), marshalling
 * (@aws-sdk/util-dynamodb, the DocumentClient's own), typed errors. The local ACS and the tests
 * use this same path against dynalite.
 */
export function createDynamoCaller(options: DynamoCallerOptions): DynamoCaller {
  const maxAttempts = options.maxAttempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 100;
  let observers: readonly DynamoCallHooks[] = [];

  const attemptOnce = async (operation: DynamoOperation, input: Body): Promise<Body> => {
    for (const hooks of observers) hooks.attempt?.(operation, input);
    const client = await options.awsLite();
    try {
      const response = await client({
        service: "dynamodb",
        headers: {
          "X-Amz-Target": `DynamoDB_20120810.${operation}`,
          "content-type": "application/x-amz-json-1.0",
        },
        payload: input,
        awsjson: false,
      });
      return (response.payload ?? {}) as Body;
    } catch (error) {
      throw typedFailure(error);
    }
  };

  const sendWire = async (operation: DynamoOperation, input: Body): Promise<Body> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptOnce(operation, input);
      } catch (error) {
        if (attempt >= maxAttempts || !isRetryable(error)) throw error;
        const throttled = error instanceof DynamoServiceError && throttlingCodes.has(error.code);
        const capMs = Math.min(20_000, (throttled ? 5 : 1) * baseDelayMs * 2 ** (attempt - 1));
        await new Promise((resolve) => setTimeout(resolve, Math.random() * capMs));
      }
    }
  };

  return {
    async send(operation, documentInput) {
      const calling = observers;
      const input = calling.reduce(
        (body, hooks) => hooks.prepare?.(operation, body) ?? body,
        marshallInput(documentInput),
      );
      try {
        const output = await sendWire(operation, input);
        for (const hooks of calling) hooks.answered?.(operation, output);
        return unmarshallOutput(output);
      } catch (error) {
        for (const hooks of calling) hooks.failed?.(operation, error);
        throw error;
      }
    },
    observe(hooks) {
      observers = [...observers, hooks];
      return () => {
        observers = observers.filter((added) => added !== hooks);
      };
    },
  };
}

/** The shapes aws-lite throws (an Error carrying the answer's status and body members). */
interface AwsLiteFailure {
  readonly statusCode?: unknown;
  readonly __type?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly Item?: Record<string, AttributeValue>;
  /** Only on a failure below HTTP (the socket's error, as aws-lite records it). */
  readonly rawStack?: unknown;
}

function typedFailure(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const failure = error as AwsLiteFailure;
  if (typeof failure.statusCode === "number") {
    const type = String(failure.__type ?? failure.code ?? `HTTP${failure.statusCode}`);
    return new DynamoServiceError(
      type.slice(type.lastIndexOf("#") + 1),
      failure.statusCode,
      error.message,
      failure.Item,
      { cause: error },
    );
  }
  if (typeof failure.rawStack === "string") {
    return new DynamoUnreachableError(error.message, { cause: error });
  }
  return error;
}
