package dev.secretsync.template;

/**
 * One lexical token: text outside actions, or a word inside {@code {{ }}}.
 *
 * @param kind what it is
 * @param text the token's text (for a field chain {@code .a.b}, the names joined by dots without
 *     the leading dot; for a string literal, its unquoted value)
 * @param pos offset in the source, for line:column in errors
 * @param end offset just after the token, so the parser can tell {@code (x).a} from {@code (x) .a}
 */
record Token(Kind kind, String text, int pos, int end) {

  /** Token kinds. */
  enum Kind {
    TEXT,
    LEFT,
    RIGHT,
    FIELD,
    DOT,
    VARIABLE,
    IDENT,
    STRING,
    NUMBER,
    BOOL,
    NIL,
    PIPE,
    LPAREN,
    RPAREN,
    DECLARE,
    ASSIGN,
    COMMA,
    EOF
  }
}
