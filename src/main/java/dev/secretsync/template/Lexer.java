package dev.secretsync.template;

import dev.secretsync.template.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into text and action tokens, following Go's text/template lexer: actions are
 * {@code {{ … }}}, {@code {{- } trims the whitespace before the action and {@code -}}} the
 * whitespace after it (the dash must be followed, or preceded, by a space), and {@code {{/* … *}/}}
 * is a comment.
 */
final class Lexer {
  private static final String OPEN = "{{";
  private static final String CLOSE = "}}";

  private final String src;
  private final List<Token> out = new ArrayList<>();
  private int pos;
  private boolean trimNextText;

  private Lexer(String src) {
    this.src = src;
  }

  static List<Token> lex(String src) throws TemplateException {
    Lexer lexer = new Lexer(src);
    lexer.run();
    return lexer.out;
  }

  private void run() throws TemplateException {
    while (pos < src.length()) {
      int open = src.indexOf(OPEN, pos);
      int textEnd = open < 0 ? src.length() : open;
      boolean trimLeft = open >= 0 && isTrimMarker(open + 2, true);
      text(pos, textEnd, trimLeft);
      if (open < 0) {
        break;
      }
      pos = open + 2 + (trimLeft ? 2 : 0);
      action(open);
    }
    out.add(new Token(Kind.EOF, "", src.length(), src.length()));
  }

  /** A trim marker is "- " after the open delimiter or " -" before the close delimiter. */
  private boolean isTrimMarker(int at, boolean left) {
    if (left) {
      return at + 1 < src.length() && src.charAt(at) == '-' && isSpace(src.charAt(at + 1));
    }
    return at >= 1 && src.charAt(at) == '-' && isSpace(src.charAt(at - 1));
  }

  private void text(int from, int to, boolean trimRight) {
    String t = src.substring(from, to);
    if (trimNextText) {
      t = stripLeadingGo(t);
      trimNextText = false;
    }
    if (trimRight) {
      t = stripTrailingGo(t);
    }
    if (!t.isEmpty()) {
      out.add(new Token(Kind.TEXT, t, from, to));
    }
  }

  private void action(int open) throws TemplateException {
    skipSpaces();
    if (src.startsWith("/*", pos)) {
      comment(open);
      return;
    }
    out.add(new Token(Kind.LEFT, OPEN, open, open + 2));
    while (true) {
      skipSpaces();
      if (pos >= src.length()) {
        throw error(open, "unclosed action");
      }
      if (src.startsWith("-" + CLOSE, pos) && isTrimMarker(pos, false)) {
        close(pos + 1, true);
        return;
      }
      if (src.startsWith(CLOSE, pos)) {
        close(pos, false);
        return;
      }
      word();
    }
  }

  private void close(int at, boolean trim) {
    out.add(new Token(Kind.RIGHT, CLOSE, at, at + 2));
    pos = at + 2;
    trimNextText = trim;
  }

  private void comment(int open) throws TemplateException {
    int end = src.indexOf("*/", pos + 2);
    if (end < 0) {
      throw error(open, "unclosed comment");
    }
    pos = end + 2;
    skipSpaces();
    if (src.startsWith("-" + CLOSE, pos) && isTrimMarker(pos, false)) {
      pos += 3;
      trimNextText = true;
    } else if (src.startsWith(CLOSE, pos)) {
      pos += 2;
    } else {
      throw error(open, "comment ends before closing delimiter");
    }
  }

  private void word() throws TemplateException {
    int start = pos;
    char c = src.charAt(pos);
    switch (c) {
      case '|' -> single(Kind.PIPE);
      case '(' -> single(Kind.LPAREN);
      case ')' -> single(Kind.RPAREN);
      case ',' -> single(Kind.COMMA);
      case '=' -> single(Kind.ASSIGN);
      case ':' -> {
        if (!src.startsWith(":=", pos)) {
          throw error(start, "expected :=");
        }
        pos += 2;
        out.add(new Token(Kind.DECLARE, ":=", start, pos));
      }
      case '"' -> {
        int end = Literals.quotedEnd(src, start);
        pos = end;
        out.add(new Token(Kind.STRING, Literals.unquote(src, start, end), start, end));
      }
      case '`' -> rawString(start);
      case '.' -> field(start);
      case '$' -> variable(start);
      default -> {
        if (c == '-' || c == '+' || Character.isDigit(c)) {
          number(start);
        } else if (isIdentStart(c)) {
          ident(start);
        } else {
          throw error(start, "unexpected character '" + c + "' in action");
        }
      }
    }
  }

  private void single(Kind kind) {
    out.add(new Token(kind, String.valueOf(src.charAt(pos)), pos, pos + 1));
    pos++;
  }

  private void rawString(int start) throws TemplateException {
    int end = src.indexOf('`', start + 1);
    if (end < 0) {
      throw error(start, "unterminated raw string");
    }
    pos = end + 1;
    out.add(new Token(Kind.STRING, src.substring(start + 1, end), start, pos));
  }

  private void field(int start) throws TemplateException {
    pos++;
    if (pos >= src.length() || !isIdentStart(src.charAt(pos))) {
      out.add(new Token(Kind.DOT, ".", start, pos));
      return;
    }
    out.add(new Token(Kind.FIELD, chain(start), start, pos));
  }

  private void variable(int start) throws TemplateException {
    pos++;
    int nameStart = pos;
    while (pos < src.length() && isIdentPart(src.charAt(pos))) {
      pos++;
    }
    String name = src.substring(start, pos);
    String fields = "";
    if (pos < src.length()
        && src.charAt(pos) == '.'
        && pos + 1 < src.length()
        && isIdentStart(src.charAt(pos + 1))) {
      pos++;
      fields = chain(start);
    }
    if (nameStart == pos && fields.isEmpty() && !name.equals("$")) {
      throw error(start, "bad variable name");
    }
    out.add(new Token(Kind.VARIABLE, fields.isEmpty() ? name : name + "." + fields, start, pos));
  }

  /** Reads {@code a.b.c} (cursor after the first dot); returns the names joined by dots. */
  private String chain(int start) throws TemplateException {
    StringBuilder names = new StringBuilder();
    while (true) {
      int nameStart = pos;
      while (pos < src.length() && isIdentPart(src.charAt(pos))) {
        pos++;
      }
      if (nameStart == pos) {
        throw error(start, "bad field name");
      }
      names.append(src, nameStart, pos);
      if (pos + 1 < src.length() && src.charAt(pos) == '.' && isIdentStart(src.charAt(pos + 1))) {
        names.append('.');
        pos++;
      } else {
        return names.toString();
      }
    }
  }

  private void number(int start) throws TemplateException {
    pos++;
    while (pos < src.length()
        && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
      pos++;
    }
    String text = src.substring(start, pos);
    if (!text.matches("[-+]?\\d+(\\.\\d+)?")) {
      throw error(start, "bad number syntax: " + text);
    }
    out.add(new Token(Kind.NUMBER, text, start, pos));
  }

  private void ident(int start) {
    while (pos < src.length() && isIdentPart(src.charAt(pos))) {
      pos++;
    }
    String word = src.substring(start, pos);
    Kind kind =
        switch (word) {
          case "true", "false" -> Kind.BOOL;
          case "nil" -> Kind.NIL;
          default -> Kind.IDENT;
        };
    out.add(new Token(kind, word, start, pos));
  }

  private void skipSpaces() {
    while (pos < src.length() && isSpace(src.charAt(pos))) {
      pos++;
    }
  }

  private TemplateException error(int at, String message) {
    return Positions.error(src, at, message);
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isIdentStart(char c) {
    return c == '_' || Character.isLetter(c);
  }

  private static boolean isIdentPart(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private static String stripLeadingGo(String s) {
    int i = 0;
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  private static String stripTrailingGo(String s) {
    int i = s.length();
    while (i > 0 && isSpace(s.charAt(i - 1))) {
      i--;
    }
    return s.substring(0, i);
  }
}
