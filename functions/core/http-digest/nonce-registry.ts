/** Issued server nonces with the highest nonce count seen for each, bounded in size. */
export interface NonceRegistry {
  issue(nonce: string): void;
  /** Records use of `nc`; the verdict says whether the nonce may be used with it. */
  use(nonce: string, nc: number): NonceUse;
}

export type NonceUse = "fresh" | "unknown" | "expired" | "replayed";

export interface NonceRegistryOptions {
  readonly now: () => number;
  readonly lifetimeMs: number;
  /** Oldest nonces are forgotten beyond this; their clients get `stale=true` and a new one. */
  readonly maxEntries: number;
}

interface Entry {
  readonly issuedAt: number;
  lastNc: number;
}

/**
 * RFC 7616 section 5.5 (limited-use nonces, replay): each nonce must be one we issued, not
 * expired, and used with a strictly increasing nc. A Map keeps issue order, so the oldest
 * entries are at the front and pruning is cheap.
 */
export function createNonceRegistry(options: NonceRegistryOptions): NonceRegistry {
  const entries = new Map<string, Entry>();
  const isExpired = (entry: Entry): boolean => options.now() - entry.issuedAt > options.lifetimeMs;

  const prune = (): void => {
    for (const [nonce, entry] of entries) {
      if (entries.size < options.maxEntries && !isExpired(entry)) return;
      entries.delete(nonce);
    }
  };

  return {
    issue(nonce) {
      prune();
      entries.set(nonce, { issuedAt: options.now(), lastNc: 0 });
    },
    use(nonce, nc) {
      const entry = entries.get(nonce);
      if (entry === undefined) return "unknown";
      if (isExpired(entry)) return "expired";
      if (nc <= entry.lastNc) return "replayed";
      entry.lastNc = nc;
      return "fresh";
    },
  };
}
