import { chown } from "node:fs/promises";
import { runCommand } from "./run-command.ts";

/**
 * prosody refuses to run as root. As root we run it (and prosodyctl) as this system user, which
 * Debian's package creates, and hand it the folders it writes; as anyone else, as ourselves.
 */
export interface ServiceUser {
  /**
   * The command line to run `command` as the service user when root. setpriv (util-linux)
   * switches user and execs in place, so the spawned pid is the command itself; runuser would
   * stay in between, answer SIGTERM with "Session terminated", wait 2 s and SIGKILL.
   */
  wrap(command: string, args: readonly string[]): [string, string[]];
  /** chown to the service user when root; a no-op otherwise. */
  own(paths: readonly string[]): Promise<void>;
}

export const PROSODY_USER = "prosody";

const isRoot = () => process.getuid?.() === 0;

/** uid/gid of a system user, read with `id` (no /etc/passwd parsing). */
export async function serviceIds(user: string): Promise<{ uid: number; gid: number }> {
  const uid = Number(await runCommand("id", ["-u", user]));
  const gid = Number(await runCommand("id", ["-g", user]));
  return { uid, gid };
}

export function serviceUser(user = PROSODY_USER): ServiceUser {
  let ids: Promise<{ uid: number; gid: number }> | undefined;
  return {
    wrap(command, args) {
      if (!isRoot()) return [command, [...args]];
      const ids = [`--reuid=${user}`, `--regid=${user}`, "--init-groups"];
      return ["setpriv", [...ids, "--", command, ...args]];
    },
    async own(paths) {
      if (!isRoot()) return;
      ids ??= serviceIds(user);
      const { uid, gid } = await ids;
      for (const path of paths) await chown(path, uid, gid);
    },
  };
}
