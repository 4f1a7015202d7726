package dev.secretsync.provider.vault;

/**
 * The token a {@link VaultSession} uses, with what it knows of its lease. {@code toString()} never
 * shows the token.
 *
 * @param token the client token
 * @param lease lease in seconds as last granted (0 = unknown or never expires)
 * @param firstLease lease granted at login, to notice when renewals stop extending it
 * @param obtainedNanos when the lease was granted
 * @param renewable whether Vault allows renewing it
 * @param owned whether this run created it (renew and revoke only those)
 */
record VaultToken(
    String token,
    long lease,
    long firstLease,
    long obtainedNanos,
    boolean renewable,
    boolean owned) {
  boolean needsRenewal() {
    return owned && renewable && lease > 0 && secondsLeft() < lease / 3.0;
  }

  /** Seconds left on the lease as last granted (negative once expired). */
  double secondsLeft() {
    return lease - (System.nanoTime() - obtainedNanos) / 1e9;
  }

  @Override
  public String toString() {
    return "VaultToken[***, lease=" + lease + "s, owned=" + owned + "]";
  }
}
