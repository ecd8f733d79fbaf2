import { runCommand } from "./run-command.ts";
import type { ServiceUser } from "./service-user.ts";

export interface RegisterAccountInput {
  prosodyctl: string;
  configPath: string;
  /** Working folder for prosodyctl (the config's folder). */
  cwd: string;
  runAs: ServiceUser;
  user: string;
  domain: string;
  password: string;
}

/**
 * `prosodyctl register`: creates the account, or sets its password when it exists. It writes the
 * internal storage files directly, so it works whether or not prosody is running.
 * @throws LocalCommandError with prosodyctl's output (the password masked).
 */
export async function registerProsodyAccount(input: RegisterAccountInput): Promise<void> {
  const [command, args] = input.runAs.wrap(input.prosodyctl, [
    "--config",
    input.configPath,
    "register",
    input.user,
    input.domain,
    input.password,
  ]);
  await runCommand(command, args, { cwd: input.cwd, secrets: [input.password] });
}
