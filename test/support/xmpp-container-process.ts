import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import { fileURLToPath } from "node:url";
import { createSelfSignedCert } from "../../functions/local/xmpp/create-self-signed-cert.ts";
import { esbuildCommands, readXmppServerDockerfile } from "./dockerfile-instructions.ts";
import { runCommand } from "./xmpp-server-process.ts";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ESBUILD = join(REPO_ROOT, "node_modules", ".bin", "esbuild");
const IMAGE_OUT = "--outfile=/out/";

/**
 * Runs the Dockerfile's own esbuild command lines (read from it, so there is one source),
 * with the build stage's /out/ replaced by `outDir`; returns the bundles' paths by name.
 */
export async function bundleLikeTheImage(outDir: string): Promise<Map<string, string>> {
  const bundles = new Map<string, string>();
  for (const argv of esbuildCommands(readXmppServerDockerfile())) {
    const args = argv.map((arg) =>
      arg.startsWith(IMAGE_OUT) ? `--outfile=${join(outDir, arg.slice(IMAGE_OUT.length))}` : arg,
    );
    await runCommand(ESBUILD, ["--log-level=warning", ...args], {
      cwd: REPO_ROOT,
      timeoutMs: 60_000,
    });
    const outfile = args.find((arg) => arg.startsWith("--outfile="))?.slice(10) ?? "";
    bundles.set(outfile.slice(outDir.length + 1), outfile);
  }
  return bundles;
}

/** Key then certificate in one PEM, as the task gets it from Secrets Manager; and the CA. */
export async function selfSignedPem(dir: string, domain: string) {
  const cert = await createSelfSignedCert(dir, domain, { days: 2 });
  const pem = (await readFile(cert.keyPath, "utf8")) + cert.certPem;
  return { pem, caPem: cert.certPem };
}

function parentOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // pid (comm) state ppid ...; comm may hold spaces and parentheses, so parse after the last ")"
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined; // gone meanwhile
  }
}

/** Every live descendant of `root`, with its executable name, from /proc (Linux). */
export function descendants(root: number): { pid: number; name: string }[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentOf(entry);
    if (ppid !== undefined) parents.set(Number(entry), ppid);
  }
  const found = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (found.has(ppid) && !found.has(pid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  found.delete(root);
  return [...found].map((pid) => ({ pid, name: processName(pid) }));
}

function processName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

/** The environment a process started with (/proc/<pid>/environ), "" if it is gone. */
export function environOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8");
  } catch {
    return "";
  }
}

/** The process exists and is not a zombie (exited, not yet reaped by its parent). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** A direct-TLS (XEP-0368) c2s handshake: the certificate checks out and stream features come. */
export function directTlsFeatures(port: number, domain: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, servername: domain, ca }, () => {
      socket.write(
        `<?xml version='1.0'?><stream:stream to='${domain}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`,
      );
    });
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
      if (received.includes("</stream:features>")) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error(`closed before stream features: ${received}`)));
  });
}
