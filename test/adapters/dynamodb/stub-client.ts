import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** A DocumentClient stand-in that records commands and answers with `respond` (no network). */
export function stubClient(respond: (command: object, call: number) => unknown): {
  client: DynamoDBDocumentClient;
  sent: object[];
} {
  const sent: object[] = [];
  const client = {
    send: async (command: object) => {
      sent.push(command);
      return respond(command, sent.length);
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, sent };
}

export function commandNames(sent: readonly object[]): string[] {
  return sent.map((command) => command.constructor.name);
}
