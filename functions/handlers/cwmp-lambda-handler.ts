import type {
  ALBEvent,
  ALBResult,
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
} from "aws-lambda";
import type { CwmpSessionService } from "../services/cwmp-session-service.ts";
import { type CwmpAlbHandlerOptions, createCwmpAlbHandler } from "./cwmp-alb-handler.ts";
import { createCwmpHandler } from "./cwmp-handler.ts";

/** What invokes the CWMP function: the HTTP API (payload 2.0) or the optional ALB front door. */
export type CwmpLambdaEvent = APIGatewayProxyEventV2 | ALBEvent;

export type CwmpLambdaHandler = (
  event: CwmpLambdaEvent,
) => Promise<APIGatewayProxyStructuredResultV2 | ALBResult>;

/** ALB events carry `requestContext.elb` (the target group); HTTP API events never do. */
export function isAlbEvent(event: CwmpLambdaEvent): event is ALBEvent {
  return "elb" in event.requestContext;
}

/**
 * One function behind both doors: both answer from the same session service and the same
 * table, so a CPE may move from one door to the other between sessions.
 */
export function createCwmpLambdaHandler(
  service: Pick<CwmpSessionService, "handle">,
  albOptions: CwmpAlbHandlerOptions = {},
): CwmpLambdaHandler {
  const httpApi = createCwmpHandler(service);
  const alb = createCwmpAlbHandler(service, albOptions);
  return (event) => (isAlbEvent(event) ? alb(event) : httpApi(event));
}
