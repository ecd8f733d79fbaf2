import type { Logger } from "../../ports.ts";

/** Discards every entry: the default where logging is optional (tests, the simulator). */
export const silentLogger: Logger = Object.freeze({ info() {}, warn() {}, error() {} });
