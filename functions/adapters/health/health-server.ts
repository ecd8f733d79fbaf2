import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * GET /health for the ECS container health check: 200 while the service can do its job, 503
 * otherwise; the JSON body carries the details (the sender adds its XMPP status).
 */
export async function startHealthServer(options: {
  readonly port: number;
  /** @default "127.0.0.1": the ECS container health check runs inside the task. */
  readonly host?: string;
  /** Read on every request; `healthy` picks the status, the whole object is the JSON body. */
  readonly health: () => { readonly healthy: boolean };
}): Promise<HealthServer> {
  const server = createServer((request, response) => {
    if (request.method !== "GET" || request.url !== "/health") {
      response.writeHead(404).end();
      return;
    }
    const health = options.health();
    response
      .writeHead(health.healthy ? 200 : 503, { "content-type": "application/json" })
      .end(JSON.stringify(health));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
