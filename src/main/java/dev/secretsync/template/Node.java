package dev.secretsync.template;

import java.util.List;

/** The parsed template tree. Every node that can fail at render time keeps its source offset. */
sealed interface Node {

  /** Text outside actions, copied as is. */
  record Text(String text) implements Node {}

  /** {@code {{ pipeline }}}: prints the value, unless the pipeline declares a variable. */
  record Action(Pipeline pipe) implements Node {}

  /** {@code {{ if }}}, {@code {{ range }}} or {@code {{ with }}}, with an optional else branch. */
  record Block(BlockKind kind, Pipeline pipe, List<Node> body, List<Node> otherwise)
      implements Node {
    public Block {
      body = List.copyOf(body);
      otherwise = List.copyOf(otherwise);
    }
  }

  /** The three block actions. */
  enum BlockKind {
    IF,
    RANGE,
    WITH
  }

  /**
   * Commands joined by {@code |}; each command's value becomes the last argument of the next.
   *
   * @param decls variables declared ({@code $x :=}) or assigned ({@code $x =}); empty for none
   * @param assign true for {@code =} (an existing variable), false for {@code :=}
   */
  record Pipeline(int pos, List<String> decls, boolean assign, List<Command> commands) {
    public Pipeline {
      decls = List.copyOf(decls);
      commands = List.copyOf(commands);
    }
  }

  /** A function call with arguments, or a single operand. */
  record Command(int pos, List<Expr> args) {
    public Command {
      args = List.copyOf(args);
    }
  }
}
