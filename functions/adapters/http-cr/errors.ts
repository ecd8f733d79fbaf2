/** An entry of `allowCidrs` that is not an IPv4/IPv6 CIDR; a configuration mistake. */
export class InvalidCidrError extends Error {
  readonly cidr: string;

  constructor(cidr: string) {
    super(`not a CIDR: ${JSON.stringify(cidr)}`);
    this.name = "InvalidCidrError";
    this.cidr = cidr;
  }
}

/** An entry of `allowedPorts` that is not a port (1-65535) or a `from-to` range of ports. */
export class InvalidPortRangeError extends Error {
  readonly entry: string;

  constructor(entry: string) {
    super(`not a port or port range: ${JSON.stringify(entry)}`);
    this.name = "InvalidPortRangeError";
    this.entry = entry;
  }
}
