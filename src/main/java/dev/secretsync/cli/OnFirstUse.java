package dev.secretsync.cli;

import java.util.function.Supplier;

/**
 * A shared client created on its first use, under a lock of its own. One lock per client matters:
 * when the AWS HTTP client (~150 ms to build, most of it TLS set-up) and the Vault sessions shared
 * the registry's lock, the first Vault read waited for the merge store's AWS client.
 *
 * @param <T> the client
 */
final class OnFirstUse<T> {
  private T value;

  /** The client, created by {@code create} if this is its first use. */
  synchronized T get(Supplier<T> create) {
    if (value == null) {
      value = create.get();
    }
    return value;
  }

  /** The client if it was created, or null; afterwards there is none (for close). */
  synchronized T take() {
    T taken = value;
    value = null;
    return taken;
  }
}
