package dev.secretsync.testkit;

import java.util.Locale;
import java.util.Map;

/**
 * The tag restrictions of the TagResource API reference, enforced on CreateSecret and TagResource
 * with {@code ValidationException}: at most 50 tags per secret ({@code aws:} tags do not count),
 * keys of 1–127 and values of at most 255 Unicode characters, no {@code aws:} key prefix. The
 * "generally allowed characters" of the same page are advice for tagging across services, not a
 * Secrets Manager rule, so the emulator does not enforce them (secretsync's config does).
 */
final class AwsTagLimits {
  static final int MAX_TAGS = 50;
  static final int MAX_KEY = 127;
  static final int MAX_VALUE = 255;

  private AwsTagLimits() {}

  /** Checks the tags of one request. */
  static void checkEach(Map<String, String> tags) {
    tags.forEach(
        (k, v) -> {
          if (k.isEmpty() || k.codePointCount(0, k.length()) > MAX_KEY) {
            throw validation("Tag key must be 1-" + MAX_KEY + " characters: " + k);
          }
          if (v.codePointCount(0, v.length()) > MAX_VALUE) {
            throw validation("Tag value for key " + k + " exceeds " + MAX_VALUE + " characters.");
          }
          if (k.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw validation("Tag keys starting with aws: are reserved for AWS use: " + k);
          }
        });
  }

  /** Checks the tags a secret would have after the request. */
  static void checkTotal(Map<String, String> after) {
    long counted =
        after.keySet().stream().filter(k -> !k.toLowerCase(Locale.ROOT).startsWith("aws:")).count();
    if (counted > MAX_TAGS) {
      throw validation(
          "The secret would have "
              + counted
              + " tags; the maximum is "
              + MAX_TAGS
              + " per secret.");
    }
  }

  private static AwsError validation(String message) {
    return new AwsError(400, "ValidationException", message);
  }
}
