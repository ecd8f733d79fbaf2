import type { ALBEvent } from "aws-lambda";
import type { ClientCertificate } from "../core/auth/client-certificate.ts";

/**
 * The headers an ALB listener in mutual-TLS verify mode adds for the verified client
 * certificate (ELB guide, "HTTP headers and mutual TLS"), lower-cased.
 */
export const albMtlsHeaders = {
  subject: "x-amzn-mtls-clientcert-subject",
  serialNumber: "x-amzn-mtls-clientcert-serial-number",
  issuer: "x-amzn-mtls-clientcert-issuer",
} as const;

/** What the event's target group says about a client certificate. */
export type AlbCertificateOutcome =
  /** Not the mTLS listener's target group: certificate headers, if any, are ignored. */
  | { readonly kind: "not-mtls" }
  | { readonly kind: "verified"; readonly certificate: ClientCertificate }
  /** The mTLS target group without certificate headers: refused, never treated as plain. */
  | { readonly kind: "missing" };

/**
 * The certificate the load balancer verified, trusted only on events of the mTLS listener's
 * target group (`mtlsTargetGroupName`, ACS_MTLS_TARGET_GROUP): on a plain listener a client
 * could send X-Amzn-Mtls-* headers itself.
 */
export function albClientCertificate(
  event: ALBEvent,
  headers: Readonly<Record<string, string | undefined>>,
  mtlsTargetGroupName: string | undefined,
): AlbCertificateOutcome {
  if (!mtlsTargetGroupName) return { kind: "not-mtls" };
  if (targetGroupName(event.requestContext.elb.targetGroupArn) !== mtlsTargetGroupName) {
    return { kind: "not-mtls" };
  }
  const subject = headers[albMtlsHeaders.subject];
  const serialNumber = headers[albMtlsHeaders.serialNumber];
  if (!subject || !serialNumber) return { kind: "missing" };
  return {
    kind: "verified",
    certificate: { subject, serialNumber, issuer: headers[albMtlsHeaders.issuer] ?? "" },
  };
}

/** `arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>` -> `<name>`. */
export function targetGroupName(arn: string): string | undefined {
  return /:targetgroup\/([^/]+)\//.exec(arn)?.[1];
}
