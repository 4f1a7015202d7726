package dev.secretsync.template;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code toYaml} in the shape Sprig's (sigs.k8s.io/yaml over go-yaml v2) produces: map keys sorted,
 * two-space indentation, list items not indented under their key, strings plain when that reads
 * back as the same string, single-quoted otherwise, multi-line strings as literal blocks, and no
 * trailing newline.
 */
final class GoYaml {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_./][A-Za-z0-9 _./@+=-]*");
  private static final Pattern RESERVED =
      Pattern.compile(
          "(?i)(y|yes|n|no|true|false|on|off|null|~)|[-+]?(\\.inf|\\.nan)|[-+]?[0-9][0-9_.eE+-]*");

  private GoYaml() {}

  static String write(Object v) throws EvalException {
    StringBuilder sb = new StringBuilder();
    if (v instanceof Map<?, ?> m && !m.isEmpty()) {
      map(m, sb, 0);
    } else if (v instanceof List<?> l && !l.isEmpty()) {
      list(l, sb, 0);
    } else {
      scalar(v, sb, 0);
      sb.append('\n');
    }
    return sb.substring(0, sb.length() - 1);
  }

  private static void map(Map<?, ?> m, StringBuilder sb, int indent) throws EvalException {
    for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
      sb.append(" ".repeat(indent));
      scalar(String.valueOf(e.getKey()), sb, indent);
      sb.append(':');
      value(e.getValue(), sb, indent, indent + 2);
    }
  }

  private static void list(List<?> l, StringBuilder sb, int indent) throws EvalException {
    for (Object item : l) {
      sb.append(" ".repeat(indent)).append('-');
      if (item instanceof Map<?, ?> m && !m.isEmpty()) {
        // go-yaml puts the first key on the dash line and aligns the rest under it.
        StringBuilder nested = new StringBuilder();
        map(m, nested, indent + 2);
        sb.append(' ').append(nested.substring(indent + 2));
      } else {
        value(item, sb, indent, indent + 2);
      }
    }
  }

  /** Writes what follows {@code key:} or {@code -}: a nested block or a scalar on the same line. */
  private static void value(Object v, StringBuilder sb, int indent, int nested)
      throws EvalException {
    if (v instanceof Map<?, ?> m && !m.isEmpty()) {
      sb.append('\n');
      map(m, sb, nested);
    } else if (v instanceof List<?> l && !l.isEmpty()) {
      sb.append('\n');
      // Lists under a map key stay at the key's indentation (go-yaml v2 style).
      list(l, sb, sb.charAt(sb.length() - 2) == '-' ? nested : indent);
    } else {
      sb.append(' ');
      scalar(v, sb, nested);
      sb.append('\n');
    }
  }

  private static void scalar(Object v, StringBuilder sb, int indent) throws EvalException {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Map) {
      sb.append("{}");
    } else if (v instanceof List) {
      sb.append("[]");
    } else if (v instanceof Number n) {
      sb.append(GoValues.number(n));
    } else if (v instanceof Boolean b) {
      sb.append(b);
    } else if (v instanceof String s) {
      string(s, sb, indent);
    } else {
      throw new EvalException("toYaml: unsupported type " + GoValues.typeName(v));
    }
  }

  private static void string(String s, StringBuilder sb, int indent) {
    if (s.contains("\n") && s.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\t')) {
      sb.append(s.endsWith("\n") ? "|" : "|-");
      String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
      for (String line : body.split("\n", -1)) {
        sb.append('\n');
        if (!line.isEmpty()) {
          sb.append(" ".repeat(Math.max(indent, 2))).append(line);
        }
      }
      return;
    }
    boolean plain =
        PLAIN.matcher(s).matches() && !s.endsWith(" ") && !RESERVED.matcher(s).matches();
    if (plain) {
      sb.append(s);
    } else if (s.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
      sb.append('\'').append(s.replace("'", "''")).append('\'');
    } else {
      GoJson.string(s, sb);
    }
  }
}
