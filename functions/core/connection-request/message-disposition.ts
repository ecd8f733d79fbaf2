/** What becomes of a queue message once the sender has handled it. */
export type MessageDisposition =
  /** The outcome is recorded (or there was nothing to record): delete it. */
  | { readonly kind: "delete" }
  /** It can never be processed: move it to the DLQ with this reason. */
  | { readonly kind: "dead-letter"; readonly reason: string }
  /** Try again later: make it visible again after this many seconds. */
  | { readonly kind: "retry"; readonly delaySeconds: number; readonly reason: string };
