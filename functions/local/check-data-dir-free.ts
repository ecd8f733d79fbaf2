import { createRequire } from "node:module";
import { DataDirLockedError } from "./local-start-errors.ts";

/** The part of `level` (the LevelDB dynalite stores in) this check uses. */
interface LevelDb {
  open(): Promise<void>;
  close(): Promise<void>;
}
type LevelConstructor = new (path: string) => LevelDb;

/**
 * Opens and closes the LevelDB in `dataDir` with the same `level` dynalite uses. A directory
 * another process holds fails here with LEVEL_LOCKED, before dynalite would open it and fail
 * later, uncaught, with "Database is closed".
 */
export async function checkDataDirFree(dataDir: string): Promise<void> {
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve("dynalite"));
  const { Level } = fromDynalite("level") as { Level: LevelConstructor };
  const db = new Level(dataDir);
  try {
    await db.open();
  } catch (error) {
    if (isLocked(error)) throw new DataDirLockedError(dataDir, { cause: error });
    throw error;
  }
  await db.close();
}

function isLocked(error: unknown): boolean {
  const { code, cause } = (error ?? {}) as { code?: unknown; cause?: unknown };
  return code === "LEVEL_LOCKED" || (cause !== undefined && isLocked(cause));
}
