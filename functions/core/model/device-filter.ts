/** Which devices a listing or a campaign selects; every field given must match. */
export interface DeviceFilter {
  readonly oui?: string;
  readonly productClass?: string;
  readonly serialPrefix?: string;
  readonly tag?: string;
  /** Epoch ms bounds on lastInformAt (before: exclusive, after: inclusive). */
  readonly lastInformBefore?: number;
  readonly lastInformAfter?: number;
}
