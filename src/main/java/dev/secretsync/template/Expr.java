package dev.secretsync.template;

import java.util.List;

/** An operand inside an action. */
sealed interface Expr {
  /** Source offset, for errors. */
  int pos();

  /** {@code .} — the current value. */
  record Dot(int pos) implements Expr {}

  /** {@code .a.b} — fields of the current value. */
  record Field(int pos, List<String> names) implements Expr {}

  /** {@code $}, {@code $x}, {@code $x.a.b}. */
  record Var(int pos, String name, List<String> names) implements Expr {}

  /** A string, number, boolean or nil literal. */
  record Literal(int pos, Object value) implements Expr {}

  /** A function name (known to {@link Functions}; checked at parse time). */
  record Func(int pos, String name) implements Expr {}

  /** {@code (pipeline).a.b}. */
  record Paren(int pos, Node.Pipeline pipe, List<String> names) implements Expr {}
}
