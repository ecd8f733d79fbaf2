/** Exhaustiveness guard: a switch over a union ends here. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
