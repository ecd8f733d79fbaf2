import type * as z from "zod/mini";

/**
 * Failures of an API request, each answered with its own status and a JSON
 * body naming what was wrong. Nothing is written when one is thrown before
 * the first write; later steps clean up what they wrote.
 */
export abstract class ApiError extends Error {
  abstract readonly status: number;
  /** Machine-readable code in the response body. */
  abstract readonly code: string;
  details(): Record<string, unknown> {
    return {};
  }
}

export interface FieldIssue {
  /** Where: "body.parameterValues[0][2]" or "query.wait". */
  readonly field: string;
  readonly message: string;
}

export class ValidationError extends ApiError {
  override readonly name = "ValidationError";
  readonly status = 400;
  readonly code = "invalid-request";
  constructor(readonly issues: readonly FieldIssue[]) {
    super(`invalid ${issues.map((issue) => issue.field).join(", ")}`);
  }
  override details() {
    return { issues: this.issues };
  }

  static fromZod(
    where: "body" | "query" | "header" | "path",
    error: z.core.$ZodError,
  ): ValidationError {
    return new ValidationError(
      error.issues.map((issue) => ({
        field: [where, ...issue.path].reduce<string>(
          (path, part, i) =>
            i === 0
              ? String(part)
              : typeof part === "number"
                ? `${path}[${part}]`
                : `${path}.${String(part)}`,
          "",
        ),
        message: issue.message,
      })),
    );
  }
}

export class NotFoundError extends ApiError {
  override readonly name = "NotFoundError";
  readonly status = 404;
  readonly code = "not-found";
  constructor(readonly what: string) {
    super(`${what} not found`);
  }
}

export class ConflictError extends ApiError {
  override readonly name = "ConflictError";
  readonly status = 409;
  readonly code = "conflict";
}

export class UnauthorizedError extends ApiError {
  override readonly name = "UnauthorizedError";
  readonly status = 401;
  readonly code = "unauthorized";
}

export class MethodNotAllowedError extends ApiError {
  override readonly name = "MethodNotAllowedError";
  readonly status = 405;
  readonly code = "method-not-allowed";
  constructor(readonly allowed: readonly string[]) {
    super(`allowed: ${allowed.join(", ")}`);
  }
}

/** The store or queue is unavailable for now; the client may retry. */
export class ServiceUnavailableError extends ApiError {
  override readonly name = "ServiceUnavailableError";
  readonly status = 503;
  readonly code = "unavailable";
}

/**
 * An Idempotency-Key reused with another request (another device or task spec): refused, never
 * answered with the first request's task (draft-ietf-httpapi-idempotency-key-header, 2.7).
 */
export class IdempotencyKeyReusedError extends ApiError {
  override readonly name = "IdempotencyKeyReusedError";
  readonly status = 422;
  readonly code = "idempotency-key-reused";
  constructor(readonly key: string) {
    super(
      `Idempotency-Key ${JSON.stringify(key)} was used for another request; ` +
        "use a new key for a different request",
    );
  }
}

/**
 * Secret parameter values were given but this deployment has no sealing key: they are refused
 * rather than stored in clear (functions/README.md invariant 9).
 */
export class SecretsKeyRequiredError extends ApiError {
  override readonly name = "SecretsKeyRequiredError";
  readonly status = 422;
  readonly code = "secrets-key-required";
  constructor(
    readonly parameters: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      `${parameters.join(", ")}: secret values are stored only sealed, and no ACS_SECRETS_KEY ` +
        "is configured for the API; configure it (or leave secret parameters out)",
      options,
    );
  }
  override details() {
    return { parameters: this.parameters };
  }
}

/** The uploaded bytes are not what POST /files declared: the file stays pending. */
export class FileContentMismatchError extends ApiError {
  override readonly name = "FileContentMismatchError";
  readonly status = 422;
  readonly code = "file-content-mismatch";
  constructor(
    readonly declared: { readonly size?: number; readonly sha256?: string },
    readonly stored: { readonly size: number; readonly sha256: string },
  ) {
    super("the uploaded content does not match the declared size or SHA-256; upload it again");
  }
  override details() {
    return { declared: this.declared, stored: this.stored };
  }
}

/** A task names a file of the store that it cannot use (unknown, not ready, not downloadable). */
export class UnusableFileError extends ApiError {
  override readonly name = "UnusableFileError";
  readonly status = 422;
  constructor(
    readonly code: "unknown-file" | "file-not-ready" | "file-not-downloadable",
    readonly fileId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  override details() {
    return { fileId: this.fileId };
  }
}

/** The caller's role does not allow this route (role-policy.ts): 403, nothing done. */
export class ForbiddenError extends ApiError {
  override readonly name = "ForbiddenError";
  readonly status = 403;
  readonly code = "forbidden";
}

/** A diagnostic the device's data model has no object for (TR-098 lacks NSLookup, ServerSelection). */
export class DiagnosticUnsupportedError extends ApiError {
  override readonly name = "DiagnosticUnsupportedError";
  readonly status = 422;
  readonly code = "diagnostic-unsupported";
}

/** One diagnostic of a type runs on a device at a time (TR-143: a new request aborts the running test). */
export class DiagnosticRunningError extends ApiError {
  override readonly name = "DiagnosticRunningError";
  readonly status = 409;
  readonly code = "diagnostic-running";
  constructor(
    readonly diagnosticId: string,
    message: string,
  ) {
    super(message);
  }
  override details() {
    return { diagnosticId: this.diagnosticId };
  }
}
