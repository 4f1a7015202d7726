package dev.secretsync.spi;

import dev.secretsync.core.FingerprintKey;
import java.util.function.Supplier;

/**
 * The fingerprint key of one place we write (an AWS account and region, a file target's directory,
 * a merge store): the configured key when there is one, else a key generated once and kept in that
 * place, beside the values it protects — so only principals who can already read the values can
 * read the key. Resolved at most once, on first use.
 */
public final class KeptKey {
  private final FingerprintKey configured;
  private final Supplier<FingerprintKey> kept;
  private volatile FingerprintKey key;

  private KeptKey(FingerprintKey configured, Supplier<FingerprintKey> kept) {
    this.configured = configured;
    this.kept = kept;
  }

  /**
   * @param ctx the run (its configured key wins)
   * @param kept reads — or, outside a dry run, creates and stores — the place's own key; called at
   *     most once, and only when no key is configured
   */
  public static KeptKey of(RunContext ctx, Supplier<FingerprintKey> kept) {
    return new KeptKey(ctx.configuredKey().orElse(null), kept);
  }

  /** The key (loads or creates the kept one on first use). */
  public FingerprintKey get() {
    if (configured != null) {
      return configured;
    }
    FingerprintKey k = key;
    if (k == null) {
      synchronized (this) {
        k = key;
        if (k == null) {
          k = kept.get();
          key = k;
        }
      }
    }
    return k;
  }

  /** Whether the key comes from configuration (then no place keeps a key of its own). */
  public boolean configured() {
    return configured != null;
  }
}
