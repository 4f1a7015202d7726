package dev.secretsync.template;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON as Go's encoding/json writes it ({@code toJson}: compact, map keys sorted, {@code < > &} and
 * U+2028/U+2029 escaped) and a small reader for {@code fromJson}. The template package may use only
 * the JDK and {@code core}, and {@code core} has no JSON reader.
 */
final class GoJson {
  private GoJson() {}

  static String write(Object v) throws EvalException {
    StringBuilder sb = new StringBuilder();
    write(v, sb);
    return sb.toString();
  }

  private static void write(Object v, StringBuilder sb) throws EvalException {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(s, sb);
    } else if (v instanceof Boolean b) {
      sb.append(b);
    } else if (v instanceof Number n) {
      sb.append(GoValues.number(n));
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
        sb.append(first ? "" : ",");
        string(String.valueOf(e.getKey()), sb);
        sb.append(':');
        write(e.getValue(), sb);
        first = false;
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        sb.append(i == 0 ? "" : ",");
        write(l.get(i), sb);
      }
      sb.append(']');
    } else {
      throw new EvalException("toJson: unsupported type " + GoValues.typeName(v));
    }
  }

  static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Parses one JSON value; the error names the offset, never the text. */
  static Object read(String text) throws EvalException {
    Reader r = new Reader(text);
    r.space();
    Object v = r.value();
    r.space();
    if (r.pos != text.length()) {
      throw r.fail();
    }
    return v;
  }

  private static final class Reader {
    private final String s;
    private int pos;

    Reader(String s) {
      this.s = s;
    }

    EvalException fail() {
      return new EvalException("fromJson: invalid JSON at offset " + pos);
    }

    void space() {
      while (pos < s.length() && Lexer.isSpace(s.charAt(pos))) {
        pos++;
      }
    }

    Object value() throws EvalException {
      if (pos >= s.length()) {
        throw fail();
      }
      char c = s.charAt(pos);
      if (c == '{') {
        return object();
      }
      if (c == '[') {
        return array();
      }
      if (c == '"') {
        return str();
      }
      for (String word : new String[] {"true", "false", "null"}) {
        if (s.startsWith(word, pos)) {
          pos += word.length();
          return word.equals("null") ? null : Boolean.valueOf(word);
        }
      }
      return number();
    }

    private Map<String, Object> object() throws EvalException {
      Map<String, Object> m = new LinkedHashMap<>();
      pos++;
      space();
      if (peek('}')) {
        return m;
      }
      do {
        space();
        if (pos >= s.length() || s.charAt(pos) != '"') {
          throw fail();
        }
        String key = str();
        space();
        expect(':');
        space();
        m.put(key, value());
        space();
      } while (peek(','));
      expect('}');
      return m;
    }

    private List<Object> array() throws EvalException {
      List<Object> l = new ArrayList<>();
      pos++;
      space();
      if (peek(']')) {
        return l;
      }
      do {
        space();
        l.add(value());
        space();
      } while (peek(','));
      expect(']');
      return l;
    }

    private String str() throws EvalException {
      StringBuilder sb = new StringBuilder();
      pos++;
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        if (pos >= s.length()) {
          break;
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw fail();
            }
            try {
              sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw fail();
            }
            pos += 4;
          }
          default -> throw fail();
        }
      }
      throw fail();
    }

    private Object number() throws EvalException {
      int start = pos;
      while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      String n = s.substring(start, pos);
      if (!n.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) {
        pos = start;
        throw fail();
      }
      if (n.matches("-?\\d{1,18}")) {
        return Long.parseLong(n);
      }
      return new BigDecimal(n);
    }

    private boolean peek(char c) {
      if (pos < s.length() && s.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    private void expect(char c) throws EvalException {
      if (!peek(c)) {
        throw fail();
      }
    }
  }
}
