package dev.secretsync.template;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How Go's text/template sees JSON values: truthiness, emptiness, equality and printing ({@code
 * fmt}'s {@code %v}).
 */
final class GoValues {
  private GoValues() {}

  /** Go's truth: false, 0, nil, and empty strings, maps and lists are false. */
  static boolean truth(Object v) {
    return !isEmpty(v);
  }

  /** Sprig's {@code empty}, which {@code default} uses: the same as not {@link #truth}. */
  static boolean isEmpty(Object v) {
    if (v == null) {
      return true;
    }
    if (v instanceof Boolean b) {
      return !b;
    }
    if (v instanceof String s) {
      return s.isEmpty();
    }
    if (v instanceof Number n) {
      return decimal(n).signum() == 0;
    }
    if (v instanceof Map<?, ?> m) {
      return m.isEmpty();
    }
    if (v instanceof List<?> l) {
      return l.isEmpty();
    }
    return false;
  }

  /** {@code eq}: numbers by value, everything else by equality; maps and lists are refused. */
  static boolean equal(Object a, Object b) throws EvalException {
    if (a instanceof Map || a instanceof List || b instanceof Map || b instanceof List) {
      throw new EvalException("eq: can't compare maps or lists");
    }
    if (a instanceof Number x && b instanceof Number y) {
      return decimal(x).compareTo(decimal(y)) == 0;
    }
    if (a != null && b != null && a.getClass() != b.getClass()) {
      throw new EvalException("eq: incompatible types for comparison");
    }
    return a == null ? b == null : a.equals(b);
  }

  /** Go's {@code %v} of a JSON value: maps as {@code map[k:v]} (sorted), lists as {@code [a b]}. */
  static String print(Object v) {
    StringBuilder sb = new StringBuilder();
    print(v, sb);
    return sb.toString();
  }

  private static void print(Object v, StringBuilder sb) {
    if (v == null) {
      sb.append("<nil>");
    } else if (v instanceof Number n) {
      sb.append(number(n));
    } else if (v instanceof Map<?, ?> m) {
      sb.append("map[");
      boolean first = true;
      for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
        sb.append(first ? "" : " ").append(e.getKey()).append(':');
        print(e.getValue(), sb);
        first = false;
      }
      sb.append(']');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        sb.append(i == 0 ? "" : " ");
        print(l.get(i), sb);
      }
      sb.append(']');
    } else {
      sb.append(v);
    }
  }

  /** A JSON number as Go prints a float64 with %v: no exponent below 1e21, no trailing zeros. */
  static String number(Number n) {
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return n.toString();
    }
    BigDecimal d = decimal(n).stripTrailingZeros();
    if (d.abs().compareTo(BigDecimal.TEN.pow(21)) >= 0
        || (d.signum() != 0 && d.abs().compareTo(new BigDecimal("1e-4")) < 0)) {
      String e = String.format("%e", d.doubleValue());
      return e.replaceFirst("\\.?0*e", "e");
    }
    return d.toPlainString();
  }

  static BigDecimal decimal(Number n) {
    return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
  }

  /** A short type name for errors (never the value). */
  static String typeName(Object v) {
    if (v == null) {
      return "nil";
    }
    if (v instanceof Map) {
      return "map";
    }
    if (v instanceof List) {
      return "list";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    return v instanceof Number ? "number" : v.getClass().getSimpleName();
  }

  /** Go's strings.TrimSpace for the ASCII and Unicode white space Go recognises. */
  static String trimSpace(String s) {
    return s.strip();
  }

  /** Go's {@code %q}: a double-quoted string with Go escapes. */
  static String goQuote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case 11 -> sb.append("\\v");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    sb.append(String.format("\\x%02x", c));
                  } else if (!printable(c)) {
                    sb.append(
                        c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
                  } else {
                    sb.appendCodePoint(c);
                  }
                }
              }
            });
    return sb.append('"').toString();
  }

  private static boolean printable(int c) {
    int type = Character.getType(c);
    return type != Character.CONTROL
        && type != Character.FORMAT
        && type != Character.UNASSIGNED
        && type != Character.PRIVATE_USE
        && type != Character.SURROGATE
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR;
  }
}
