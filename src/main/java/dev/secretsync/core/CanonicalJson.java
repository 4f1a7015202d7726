package dev.secretsync.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units), no insignificant whitespace, numbers
 * normalised ({@code 1}, {@code 1.0} and {@code 1e0} all print as {@code 1}). Two values that mean
 * the same JSON print the same bytes, which is what makes {@link Fingerprint} stable.
 *
 * <p>Accepts the value shapes a JSON parser produces: {@code Map<String,?>}, {@code List<?>},
 * {@code String}, {@code Number}, {@code Boolean} and {@code null}.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** Canonical form of {@code value}. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder(128);
    write(value, sb);
    return sb.toString();
  }

  /**
   * Indented form with sorted keys, for files people read. Same content as {@link #write}, with
   * two-space indentation and a trailing newline.
   */
  public static String writePretty(Object value) {
    StringBuilder sb = new StringBuilder(256);
    writeIndented(value, sb, 0);
    return sb.append('\n').toString();
  }

  private static void write(Object value, StringBuilder sb) {
    if (value instanceof Map<?, ?> map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted(map).entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(e.getKey(), sb);
        sb.append(':');
        write(e.getValue(), sb);
      }
      sb.append('}');
    } else if (value instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(list.get(i), sb);
      }
      sb.append(']');
    } else {
      scalar(value, sb);
    }
  }

  private static void writeIndented(Object value, StringBuilder sb, int depth) {
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      sb.append("{\n");
      int i = 0;
      Map<String, Object> sorted = sorted(map);
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        indent(sb, depth + 1);
        string(e.getKey(), sb);
        sb.append(": ");
        writeIndented(e.getValue(), sb, depth + 1);
        sb.append(++i < sorted.size() ? ",\n" : "\n");
      }
      indent(sb, depth);
      sb.append('}');
    } else if (value instanceof List<?> list && !list.isEmpty()) {
      sb.append("[\n");
      for (int i = 0; i < list.size(); i++) {
        indent(sb, depth + 1);
        writeIndented(list.get(i), sb, depth + 1);
        sb.append(i + 1 < list.size() ? ",\n" : "\n");
      }
      indent(sb, depth);
      sb.append(']');
    } else {
      write(value, sb);
    }
  }

  private static void indent(StringBuilder sb, int depth) {
    sb.append("  ".repeat(depth));
  }

  private static Map<String, Object> sorted(Map<?, ?> map) {
    Map<String, Object> sorted = new TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException("JSON object keys must be strings");
      }
      sorted.put(key, e.getValue());
    }
    return sorted;
  }

  private static void scalar(Object value, StringBuilder sb) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof String s) {
      string(s, sb);
    } else if (value instanceof Boolean b) {
      sb.append(b ? "true" : "false");
    } else if (value instanceof Number n) {
      sb.append(number(n));
    } else if (value instanceof Character c) {
      string(String.valueOf(c), sb);
    } else {
      // Never print the value itself: it may be secret material of an unexpected type.
      throw new IllegalArgumentException(
          "unsupported JSON value type " + value.getClass().getName());
    }
  }

  /** Normalised number text: integral values without fraction, others in shortest exact form. */
  static String number(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return Long.toString(n.longValue());
    }
    BigDecimal d;
    if (n instanceof BigInteger bi) {
      d = new BigDecimal(bi); // same text as 1e21 read as a double or a BigDecimal
    } else if (n instanceof BigDecimal bd) {
      d = bd;
    } else if (n instanceof Float f) {
      if (f.isNaN() || f.isInfinite()) {
        throw new IllegalArgumentException("JSON numbers must be finite");
      }
      d = new BigDecimal(Float.toString(f)); // 0.1f is 0.1, not 0.10000000149011612
    } else {
      double v = n.doubleValue();
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("JSON numbers must be finite");
      }
      d = new BigDecimal(Double.toString(v));
    }
    d = d.stripTrailingZeros();
    if (d.signum() == 0) {
      return "0";
    }
    // Plain notation for ordinary magnitudes; exponent notation keeps 1e300 from printing 300
    // zeros.
    int exponent = d.precision() - d.scale() - 1;
    if (exponent >= -6 && exponent < 21) {
      return d.toPlainString();
    }
    return d.toString().replace("E+", "E");
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    if (plain(s)) {
      // The common case: nothing to escape, so copy the string at once instead of per char.
      sb.append(s).append('"');
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || isLoneSurrogate(s, i)) {
            // Lone surrogates would all become '?' in UTF-8: escape them to keep them distinct.
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Whether {@code s} has no character that {@link #string} escapes (nor any surrogate). */
  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
