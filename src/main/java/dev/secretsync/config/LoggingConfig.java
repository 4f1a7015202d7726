package dev.secretsync.config;

/**
 * {@code logging}.
 *
 * @param level {@code error}, {@code warn}, {@code info}, {@code debug} or {@code trace}
 * @param format {@code text} or {@code json}
 */
public record LoggingConfig(String level, String format) {
  /** info, text. */
  public static final LoggingConfig DEFAULT = new LoggingConfig("info", "text");
}
