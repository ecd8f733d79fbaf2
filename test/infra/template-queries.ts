import type { Template } from "aws-cdk-lib/assertions";

type Resources = Record<string, { Properties: Record<string, unknown> }>;

/** The logical id of the single resource of `type` matching `properties`; fails otherwise. */
export function onlyResource(template: Template, type: string, properties: object): string {
  const ids = Object.keys(template.findResources(type, { Properties: properties }));
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0] as string;
}

/** The logical id of the Lambda function an HTTP API route integrates with. */
export function functionBehindRoute(template: Template, routeKey: string): string {
  const routes = Object.values(
    template.findResources("AWS::ApiGatewayV2::Route", { Properties: { RouteKey: routeKey } }),
  ) as Resources[string][];
  const target = JSON.stringify(routes[0]?.Properties.Target ?? null);
  const integrationId = /"Ref":"([^"]+)"/.exec(target)?.[1];
  const integrations = template.findResources("AWS::ApiGatewayV2::Integration") as Resources;
  const uri = JSON.stringify(integrations[integrationId ?? ""]?.Properties.IntegrationUri ?? null);
  const functionId = /"Fn::GetAtt":\["([^"]+)","Arn"\]/.exec(uri)?.[1];
  if (!functionId) throw new Error(`route ${routeKey} reaches no Lambda function`);
  return functionId;
}

/** The logical id of a function's execution role. */
export function roleOfFunction(template: Template, functionId: string): string {
  const fn = (template.findResources("AWS::Lambda::Function") as Resources)[functionId];
  const roleId = /"Fn::GetAtt":\["([^"]+)","Arn"\]/.exec(JSON.stringify(fn?.Properties.Role))?.[1];
  if (!roleId) throw new Error(`function ${functionId} has no role of this stack`);
  return roleId;
}

export interface Grant {
  readonly action: string;
  /** The resource, as JSON (tokens stay as Ref / Fn::GetAtt / Fn::ImportValue). */
  readonly resource: string;
}

/** Every (action, resource) pair the inline policies of a role allow. */
export function grantsOfRole(template: Template, roleId: string): Grant[] {
  const grants: Grant[] = [];
  for (const statement of statementsOfRole(template, roleId)) {
    if (statement.Effect !== "Allow") continue;
    for (const action of [statement.Action].flat()) {
      for (const resource of [statement.Resource].flat()) {
        grants.push({ action, resource: JSON.stringify(resource) });
      }
    }
  }
  return grants;
}

/** The statements of the inline policies of a role, conditions included. */
export function statementsOfRole(template: Template, roleId: string): Statement[] {
  const policies = Object.values(template.findResources("AWS::IAM::Policy")) as Resources[string][];
  return policies
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"Ref":"${roleId}"`))
    .flatMap(
      (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
