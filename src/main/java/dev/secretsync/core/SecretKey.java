package dev.secretsync.core;

import java.util.Objects;

/**
 * The path of one secret relative to its source, e.g. {@code config/database}.
 *
 * <p>Valid keys are non-empty, at most 512 characters, use {@code /} as separator, and have no
 * leading or trailing {@code /}, no empty segment ({@code //}), no {@code .} or {@code ..} segment,
 * and no control character (NUL included). Dots inside a segment are fine: {@code app.config} is a
 * valid key. Keys compare by their string form.
 */
public record SecretKey(String path) implements Comparable<SecretKey> {

  /** The longest key we accept; AWS secret names are limited to 512 characters. */
  public static final int MAX_LENGTH = 512;

  /** Validates and creates a key. */
  public SecretKey {
    Objects.requireNonNull(path, "path");
    String problem = problem(path);
    if (problem != null) {
      throw new InvalidKeyException(path, problem);
    }
  }

  /** Shorthand for {@code new SecretKey(path)}. */
  public static SecretKey of(String path) {
    return new SecretKey(path);
  }

  /**
   * Why {@code path} is not a valid key, or {@code null} when it is valid. Useful to collect
   * problems without exceptions.
   */
  public static String problem(String path) {
    if (path == null || path.isEmpty()) {
      return "must not be empty";
    }
    if (path.length() > MAX_LENGTH) {
      return "is longer than " + MAX_LENGTH + " characters";
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == 0) {
        return "contains a NUL character";
      }
      if (Character.isISOControl(c)) {
        return "contains a control character";
      }
      if (c == '\\') {
        return "contains a backslash (use / as separator)";
      }
    }
    if (path.startsWith("/")) {
      return "must not start with '/'";
    }
    if (path.endsWith("/")) {
      return "must not end with '/'";
    }
    if (path.contains("//")) {
      return "contains an empty segment ('//')";
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        return "contains a '..' segment";
      }
      if (segment.equals(".")) {
        return "contains a '.' segment";
      }
    }
    return null;
  }

  /** The key under a prefix, e.g. {@code prefixed("prod/")} → {@code prod/config/db}. */
  public String prefixed(String prefix) {
    return prefix == null ? path : prefix + path;
  }

  @Override
  public int compareTo(SecretKey other) {
    return path.compareTo(other.path);
  }

  @Override
  public String toString() {
    return path;
  }

  /** Thrown for a key that breaks the rules above; the message names the key and the rule. */
  public static final class InvalidKeyException extends IllegalArgumentException {
    private final String key;

    InvalidKeyException(String key, String problem) {
      super("invalid secret key \"" + printable(key) + "\": " + problem);
      this.key = key;
    }

    /** The rejected key. */
    public String key() {
      return key;
    }

    private static String printable(String key) {
      StringBuilder sb = new StringBuilder();
      for (char c : key.toCharArray()) {
        sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
      }
      return sb.toString();
    }
  }
}
