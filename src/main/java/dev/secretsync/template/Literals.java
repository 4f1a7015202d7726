package dev.secretsync.template;

/** Go double-quoted string literals: {@code "a\tb\"c\u00e9"}. */
final class Literals {
  private Literals() {}

  /** Offset just after the closing quote of the literal starting at {@code start}. */
  static int quotedEnd(String src, int start) throws TemplateException {
    int i = start + 1;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else if (c == '\n') {
        break;
      } else {
        i++;
      }
    }
    throw Positions.error(src, start, "unterminated quoted string");
  }

  /** The value of the literal between {@code start} and {@code end} (both quotes included). */
  static String unquote(String src, int start, int end) throws TemplateException {
    StringBuilder sb = new StringBuilder(end - start);
    for (int i = start + 1; i < end - 1; i++) {
      char c = src.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = src.charAt(++i);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case '\\' -> sb.append('\\');
        case '"' -> sb.append('"');
        case '\'' -> sb.append('\'');
        case 'a' -> sb.append('\u0007');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'v' -> sb.append('\u000b');
        case 'x', 'u', 'U' -> {
          int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + digits >= end) {
            throw Positions.error(src, i - 1, "bad escape in quoted string");
          }
          try {
            sb.appendCodePoint(Integer.parseInt(src.substring(i + 1, i + 1 + digits), 16));
          } catch (IllegalArgumentException ex) {
            throw Positions.error(src, i - 1, "bad escape in quoted string");
          }
          i += digits;
        }
        default -> throw Positions.error(src, i - 1, "unknown escape sequence \\" + e);
      }
    }
    return sb.toString();
  }
}
