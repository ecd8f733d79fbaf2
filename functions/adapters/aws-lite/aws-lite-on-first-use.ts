import awsLite from "@aws-lite/client";

export type AwsLiteClient = Awaited<ReturnType<typeof awsLite>>;

export interface AwsLiteOptions {
  /** A local stand-in (dynalite), else `AWS_ENDPOINT_URL`, else the service's AWS endpoint. */
  readonly endpoint?: string;
  /** @default AWS_REGION */
  readonly region?: string;
  /** Fixed credentials (the local stand-ins); else the environment, then ECS container credentials. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /**
   * aws-lite reads credentials once per client; a client older than this is made again, so
   * rotated container credentials (ECS rotates them hours before they expire) are picked up by
   * a long-running process. Lambda's come from the environment and live as long as the sandbox.
   * @default 600000 (10 minutes)
   */
  readonly maxAgeMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * An aws-lite client made on first use (nothing is read at import: no credentials, no
 * network) and made again after `maxAgeMs`. Retries are off: the callers own them
 * (`adapters/dynamodb/dynamo-caller.ts` bounds and counts every attempt). Keep-alive is on,
 * as the AWS SDK's is in Lambda: each request reuses the TLS connection.
 */
export function awsLiteOnFirstUse(options: AwsLiteOptions = {}): () => Promise<AwsLiteClient> {
  const maxAgeMs = options.maxAgeMs ?? 600_000;
  const now = options.now ?? Date.now;
  let current: { readonly client: Promise<AwsLiteClient>; readonly madeAt: number } | undefined;
  return () => {
    if (current === undefined || now() - current.madeAt >= maxAgeMs) {
      const client = awsLite({
        ...(options.endpoint && { endpoint: options.endpoint }),
        ...(options.region && { region: options.region }),
        ...options.credentials,
        keepAlive: true,
        retries: 0,
        // Bodies are JSON.parse'd only: aws-lite would otherwise try to unmarshall every
        // DynamoDB answer as a whole (and keep it raw when that throws); dynamo-codec.ts
        // unmarshalls exactly the members that hold items.
        responseContentType: "application/json",
      });
      const made = { client, madeAt: now() };
      current = made;
      // A failed creation (no credentials yet) is not kept: the next call tries again.
      client.catch(() => {
        if (current === made) current = undefined;
      });
    }
    return current.client;
  };
}
