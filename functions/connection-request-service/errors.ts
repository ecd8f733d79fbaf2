/** A queue message that is not valid JSON of the documented schema: it goes to the DLQ. */
export class InvalidCrMessageError extends Error {
  /** Short, log-safe explanation, also sent as the DLQ message's `reason` attribute. */
  readonly reason: string;

  constructor(reason: string, options?: { cause?: unknown }) {
    super(`invalid connection-request message: ${reason}`, options);
    this.name = "InvalidCrMessageError";
    this.reason = reason;
  }
}

/** start() on a service that is already running or has been stopped (it is not restartable). */
export class ServiceStateError extends Error {
  readonly state: string;

  constructor(operation: string, state: string) {
    super(`cannot ${operation} the connection-request service while ${state}`);
    this.name = "ServiceStateError";
    this.state = state;
  }
}

/** The embedded local-aws-sqs did not come up as expected (local ACS and tests only). */
export class LocalSqsStartError extends Error {
  constructor(problem: string, options?: { cause?: unknown }) {
    super(`local SQS: ${problem}`, options);
    this.name = "LocalSqsStartError";
  }
}

/** A poller setting that would spin or never poll (e.g. a zero heartbeat interval). */
export class PollerOptionsError extends Error {
  readonly option: string;

  constructor(option: string, problem: string) {
    super(`sqs poller option ${option}: ${problem}`);
    this.name = "PollerOptionsError";
    this.option = option;
  }
}
