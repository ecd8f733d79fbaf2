/** Why the local ACS could not start, each naming the variable that gets it going. */

/** Another process listens on a port the local ACS wants (EADDRINUSE). */
export class PortInUseError extends Error {
  override readonly name = "PortInUseError";
  constructor(
    /** The variable that moves the listener (ACS_CWMP_PORT, ACS_API_PORT, ACS_FILES_PORT). */
    readonly variable: string,
    readonly host: string,
    readonly port: number,
    options?: { cause?: unknown },
  ) {
    super(`port ${port} on ${host} is in use: set ${variable} to another port`, options);
  }
}

/** A second local ACS on the same data directory (LevelDB holds one lock per directory). */
export class DataDirLockedError extends Error {
  override readonly name = "DataDirLockedError";
  constructor(
    readonly dataDir: string,
    options?: { cause?: unknown },
  ) {
    super(
      `data directory ${dataDir} is locked by another running local ACS: stop it, or set ACS_DATA_DIR to another directory`,
      options,
    );
  }
}

/** The data directory holds a table made by an older version, without an index this one reads. */
export class DataDirOutdatedError extends Error {
  override readonly name = "DataDirOutdatedError";
  constructor(
    readonly dataDir: string,
    readonly missingIndexes: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      `data directory ${dataDir} holds a table from an older version without index ${missingIndexes.join(", ")} (the local DynamoDB stand-in cannot add one): move the directory away, or set ACS_DATA_DIR to a new one`,
      options,
    );
  }
}

/** Runs `listen`; an EADDRINUSE becomes a PortInUseError naming `variable`. */
export async function listenNamed<T>(
  where: { readonly variable: string; readonly host: string; readonly port: number },
  listen: () => Promise<T>,
): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code === "EADDRINUSE")
      throw new PortInUseError(where.variable, where.host, where.port, { cause: error });
    throw error;
  }
}
