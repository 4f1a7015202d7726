package dev.secretsync.testkit;

import dev.secretsync.core.FingerprintKey;

/** A fixed fingerprint key for tests that compute fingerprints themselves. */
public final class TestKeys {
  /** The text tests configure as {@code SECRETSYNC_FINGERPRINT_KEY} when they need one. */
  public static final String TEXT = "test-fingerprint-key-0123456789";

  /** The key {@link #TEXT} stands for. */
  public static final FingerprintKey KEY = FingerprintKey.fromConfigured(TEXT);

  private TestKeys() {}
}
