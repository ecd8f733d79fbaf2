import {
  ConditionalCheckFailedException,
  DynamoDBServiceException,
} from "@aws-sdk/client-dynamodb";
import { StoreUnavailableError } from "../../port-errors.ts";
import { StoreRequestRejectedError } from "./errors.ts";

/** Service errors that go away by waiting (on-demand tables throttle too). */
const retryableCodes: ReadonlySet<string> = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "LimitExceededException",
]);

/** Transport failures below the service (socket errors, timeouts, aborted requests). */
const transportErrorNames: ReadonlySet<string> = new Set(["TimeoutError", "AbortError"]);
const transportErrorCodes = /^(?:E[A-Z]+|UND_ERR_[A-Z_]+)$/;

export function isConditionalCheckFailed(error: unknown): error is ConditionalCheckFailedException {
  return error instanceof ConditionalCheckFailedException;
}

/**
 * Maps an SDK failure to a typed error of ours. Condition failures are
 * handled by each caller (they mean different domain errors); anything that
 * is not an SDK or transport failure (a bug of ours) passes through as is.
 */
export function translateError(error: unknown, operation: string): unknown {
  if (error instanceof DynamoDBServiceException) {
    if (
      error.$fault === "server" ||
      error.$retryable !== undefined ||
      retryableCodes.has(error.name)
    ) {
      return new StoreUnavailableError(`DynamoDB unavailable during ${operation}: ${error.name}`, {
        cause: error,
      });
    }
    return new StoreRequestRejectedError(operation, error.name, { cause: error });
  }
  if (isTransportError(error)) {
    return new StoreUnavailableError(`DynamoDB unreachable during ${operation}`, { cause: error });
  }
  return error;
}

function isTransportError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (transportErrorNames.has(error.name)) return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && transportErrorCodes.test(code);
}
