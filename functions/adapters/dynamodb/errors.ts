/**
 * DynamoDB rejected a request for a reason retrying will not fix (validation,
 * missing table, access denied, item too large): a bug or a deployment
 * mistake. Retryable failures become the port's StoreUnavailableError.
 */
export class StoreRequestRejectedError extends Error {
  override readonly name = "StoreRequestRejectedError";
  constructor(
    /** What the adapter was doing, e.g. "openSession". */
    readonly operation: string,
    /** The service's error code, e.g. "ValidationException". */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`DynamoDB rejected ${operation}: ${code}`, options);
  }
}
