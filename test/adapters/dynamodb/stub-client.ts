import type {
  DynamoCaller,
  DynamoOperation,
} from "../../../functions/adapters/dynamodb/dynamo-caller.ts";

/** One call the stub received: the operation and its input in the document form. */
export interface SentRequest {
  readonly operation: DynamoOperation;
  readonly input: Record<string, unknown>;
}

/** A DynamoCaller stand-in that records calls and answers with `respond` (no network). */
export function stubClient(respond: (request: SentRequest, call: number) => unknown): {
  client: DynamoCaller;
  sent: SentRequest[];
} {
  const sent: SentRequest[] = [];
  const client: DynamoCaller = {
    send: async (operation, input) => {
      const request = { operation, input };
      sent.push(request);
      return (await respond(request, sent.length)) as Record<string, unknown>;
    },
    observe: () => () => undefined,
  };
  return { client, sent };
}

export function commandNames(sent: readonly SentRequest[]): string[] {
  return sent.map((request) => request.operation);
}
