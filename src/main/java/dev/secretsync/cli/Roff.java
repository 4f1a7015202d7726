package dev.secretsync.cli;

/**
 * Escaping for roff text in man(7) pages. Everything we write goes through here, so a description
 * can never start a request ({@code .} or {@code '} at a line start), swallow a backslash, or turn
 * an option's {@code -} into a typographic hyphen that breaks copy and paste.
 */
final class Roff {
  private Roff() {}

  /** {@code s} (one line, no newline) as roff text; safe anywhere in a text line. */
  static String text(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\\' -> sb.append("\\e");
                // Plain '-' is a hyphen to groff (U+2010 on a UTF-8 terminal); options need minus.
                case '-' -> sb.append("\\-");
                // groff renders these as typographic quotes/accents; \(aq etc. stay ASCII.
                case '\'' -> sb.append("\\(aq");
                case '`' -> sb.append("\\(ga");
                case '^' -> sb.append("\\(ha");
                case '~' -> sb.append("\\(ti");
                case '\t', '\n', '\r' -> sb.append(' ');
                // Named glyphs where groff and mandoc have an ASCII fallback (-Tascii renders
                // "--", "...", "->"); any other non-ASCII character becomes \[uXXXX] below.
                case '\u2014' -> sb.append("\\(em");
                case '\u2013' -> sb.append("\\(en");
                case '\u2026' -> sb.append("...");
                case '\u2192' -> sb.append("\\(->");
                case '\u2190' -> sb.append("\\(<-");
                case '\u2018' -> sb.append("\\(oq");
                case '\u2019' -> sb.append("\\(cq");
                case '\u201C' -> sb.append("\\(lq");
                case '\u201D' -> sb.append("\\(rq");
                case '\u00D7' -> sb.append("\\(mu");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    sb.append(' ');
                  } else if (c > 0x7e) {
                    // ASCII out, so neither groff nor mandoc has to guess the input encoding.
                    sb.append(String.format("\\[u%04X]", c));
                  } else {
                    sb.append((char) c);
                  }
                }
              }
            });
    // A line starting with '.' would be read as a request (the apostrophe is already \(aq).
    return sb.length() > 0 && sb.charAt(0) == '.' ? "\\&" + sb : sb.toString();
  }

  /** {@code s} as one quoted macro argument (e.g. of {@code .TH}). */
  static String arg(String s) {
    return '"' + text(s).replace("\"", "\\(dq") + '"';
  }

  /** {@code s} in bold. */
  static String bold(String s) {
    return "\\fB" + text(s) + "\\fR";
  }

  /** {@code s} in italics (a placeholder such as a parameter label). */
  static String italic(String s) {
    return "\\fI" + text(s) + "\\fR";
  }
}
