package dev.secretsync.observability;

import java.util.regex.Pattern;

/**
 * A failure's one-line message as a span keeps it. The logs' messages name the secret a call was
 * about — Vault's {@code at path "app/data/db"}, a GitHub request line {@code PUT
 * /repos/o/r/actions/secrets/DB_PASSWORD} — and spans never carry a secret's path or name, so those
 * two forms are replaced by {@code <path>}; the rest of the message (what failed, the status, the
 * request id that finds the log line) stays.
 */
final class SpanText {
  /** Vault's messages quote the path: {@code at path "…"}. */
  private static final Pattern QUOTED_PATH = Pattern.compile("path \"[^\"]*\"");

  /** A request line: an HTTP method, then an absolute path (GitHub's messages). */
  private static final Pattern REQUEST_LINE =
      Pattern.compile("\\b(GET|PUT|POST|PATCH|DELETE|HEAD) /\\S*");

  private SpanText() {}

  /** {@code message} without the paths it names; empty for null. */
  static String withoutPaths(String message) {
    if (message == null) {
      return "";
    }
    if (message.indexOf('/') < 0 && !message.contains("path \"")) {
      return message; // nothing that can be a path: the common case costs one scan
    }
    String out = QUOTED_PATH.matcher(message).replaceAll("path \"<path>\"");
    return REQUEST_LINE.matcher(out).replaceAll("$1 <path>");
  }
}
