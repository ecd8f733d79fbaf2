import { decodeExtAuthFrames, encodeExtAuthResult, parseExtAuthRequest } from "./ext-auth-codec.ts";
import { readExtAuthSettings } from "./ext-auth-settings.ts";
import { createExtAuthVerifier } from "./ext-auth-verifier.ts";

/**
 * ejabberd's `extauth_program`: `node ext-auth.mjs <settings.json>`. Reads framed requests on
 * stdin, answers each on stdout, in order; ends when ejabberd closes stdin. Nothing is logged
 * per request (a request holds a password); a broken settings file ends the program, and
 * ejabberd then refuses every login and restarts it.
 */
function main(): void {
  const path = process.argv[2];
  if (path === undefined) {
    process.stderr.write("usage: ext-auth <settings.json>\n");
    process.exit(2);
  }
  const verify = createExtAuthVerifier(readExtAuthSettings(path));
  let pending = Buffer.alloc(0);
  process.stdin.on("data", (chunk: Buffer) => {
    const { messages, rest } = decodeExtAuthFrames(Buffer.concat([pending, chunk]));
    pending = Buffer.from(rest);
    for (const message of messages) {
      process.stdout.write(encodeExtAuthResult(verify(parseExtAuthRequest(message))));
    }
  });
  process.stdin.on("end", () => process.exit(0));
}

main();
