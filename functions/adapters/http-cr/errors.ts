/** An entry of `allowCidrs` that is not an IPv4/IPv6 CIDR; a configuration mistake. */
export class InvalidCidrError extends Error {
  readonly cidr: string;

  constructor(cidr: string) {
    super(`not a CIDR: ${JSON.stringify(cidr)}`);
    this.name = "InvalidCidrError";
    this.cidr = cidr;
  }
}
