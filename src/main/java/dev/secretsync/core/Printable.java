package dev.secretsync.core;

/**
 * Names from outside (file names, flag values, paths) made safe for one log or error line: control
 * characters escaped as {@code \\uXXXX}, so a name holding a newline or an ANSI escape cannot forge
 * or recolour log lines, and very long names shortened.
 */
public final class Printable {
  /** Characters kept before a long name is cut (with a count of the rest). */
  static final int MAX = 200;

  private Printable() {}

  /** {@code s} with control characters escaped, cut after {@value #MAX} characters. */
  public static String of(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX) + 16);
    int n = Math.min(s.length(), MAX);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
    }
    if (s.length() > MAX) {
      sb.append("… (").append(s.length() - MAX).append(" more characters)");
    }
    return sb.toString();
  }
}
