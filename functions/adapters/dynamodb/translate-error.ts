import { StoreUnavailableError } from "../../port-errors.ts";
import { isRetryable } from "./dynamo-caller.ts";
import { DynamoServiceError, DynamoUnreachableError, StoreRequestRejectedError } from "./errors.ts";

/** A write refused by its condition: each caller knows what that means. */
export function isConditionalCheckFailed(error: unknown): error is DynamoServiceError {
  return error instanceof DynamoServiceError && error.code === "ConditionalCheckFailedException";
}

/**
 * Maps a failure of dynamo-caller.ts to a typed error of ours. Condition failures are
 * handled by each caller (they mean different domain errors); anything that is not a
 * DynamoDB or transport failure (a bug of ours) passes through as is.
 */
export function translateError(error: unknown, operation: string): unknown {
  if (error instanceof DynamoUnreachableError) {
    return new StoreUnavailableError(`DynamoDB unreachable during ${operation}`, { cause: error });
  }
  if (error instanceof DynamoServiceError) {
    if (isRetryable(error)) {
      return new StoreUnavailableError(`DynamoDB unavailable during ${operation}: ${error.code}`, {
        cause: error,
      });
    }
    return new StoreRequestRejectedError(operation, error.code, { cause: error });
  }
  return error;
}
