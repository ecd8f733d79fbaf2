/** Public surface of the connection-request sender (issue 4). */
export { type BusyBackoffSettings, type BusyDecision, decideBusyRetry } from "./busy-backoff.ts";
export {
  type ConnectionRequestService,
  type ConnectionRequestServiceConfig,
  type ConnectionRequestServiceDeps,
  createConnectionRequestService,
  type ServiceHealth,
} from "./connection-request-service.ts";
export { type CrMessage, parseCrMessage } from "./cr-message.ts";
export { createEmfMetrics, type EmfMetricsOptions } from "./emf-metrics.ts";
export {
  InvalidCrMessageError,
  LocalSqsStartError,
  PollerOptionsError,
  ServiceStateError,
} from "./errors.ts";
export {
  type CrHandlerDeps,
  type CrHandlerSettings,
  type CrMessageHandler,
  createCrMessageHandler,
} from "./handle-cr-message.ts";
export { type HealthServer, startHealthServer } from "./health-server.ts";
export {
  type LocalSqs,
  type LocalSqsOptions,
  localSqsClient,
  startLocalSqs,
} from "./local-sqs.ts";
export { type CrPlan, planConnectionRequest, type SkipReason } from "./plan-connection-request.ts";
export {
  defaultIdempotencyKey,
  type MessageTaskStore,
  messageIdempotencyMs,
  type QueuedTask,
  queueMessageTask,
} from "./queue-message-task.ts";
export {
  readServiceSettings,
  type ServiceSettings,
  type XmppSettings,
} from "./service-settings.ts";
export type { CrRecordOutcome } from "./settle-delivery.ts";
export type { PollerState, StopReport } from "./sqs-poller.ts";
export { createStaticCrCredentials } from "./static-cr-credentials.ts";
export type {
  CrCredentialSource,
  CrCredentials,
  CrMetricName,
  CrMetrics,
  HttpCrSender,
  MessageDisposition,
  QueueMessage,
  XmppCrSender,
} from "./types.ts";
