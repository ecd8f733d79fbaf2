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
