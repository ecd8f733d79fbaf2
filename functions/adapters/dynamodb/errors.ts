import type { AttributeValue } from "@aws-sdk/client-dynamodb";

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

/**
 * An item does not have the shape its record needs (a field of the wrong
 * type, a required one missing): written by hand or by incompatible code.
 * Reading it further would hand the service data it cannot trust.
 */
export class StoreItemInvalidError extends Error {
  override readonly name = "StoreItemInvalidError";
  constructor(
    /** The item's partition key, e.g. "DEV#000000-Box-1". */
    readonly itemKey: string,
    /** The offending attribute path, e.g. "xmppAccount.status". */
    readonly field: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`item ${itemKey} has an invalid ${field}: ${reason}`, options);
  }
}

/**
 * DynamoDB answered a request with an error (dynamo-caller.ts). `code` is the service's
 * error code without its namespace (the body's `__type` is
 * `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException`); `item` is the item a
 * failed condition returns with ReturnValuesOnConditionCheckFailure, in the wire form.
 */
export class DynamoServiceError extends Error {
  override readonly name = "DynamoServiceError";
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    readonly item?: Readonly<Record<string, AttributeValue>>,
    options?: { cause?: unknown },
  ) {
    super(`${code} (HTTP ${statusCode}): ${message}`, options);
  }
}

/** No answer from DynamoDB (connection refused or reset, DNS failure): `cause` is the socket error. */
export class DynamoUnreachableError extends Error {
  override readonly name = "DynamoUnreachableError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
