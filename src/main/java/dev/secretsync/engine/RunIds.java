package dev.secretsync.engine;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Short random ids for runs and requests (8 hex digits). */
public final class RunIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunIds() {}

  /** A new random id such as {@code 3fa9c01b}. */
  public static String next() {
    byte[] b = new byte[4];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
