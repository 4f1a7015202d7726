package dev.secretsync.template;

import dev.secretsync.template.Node.Block;
import dev.secretsync.template.Node.BlockKind;
import dev.secretsync.template.Node.Command;
import dev.secretsync.template.Node.Pipeline;
import dev.secretsync.template.Token.Kind;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Recursive-descent parser over {@link Lexer} tokens. Everything Go's parser rejects statically is
 * rejected here too (unknown function, undefined variable, unclosed block, argument given to a
 * non-function), plus wrong argument counts, which Go only finds at execution.
 */
final class Parser {
  private final String src;
  private final List<Token> tokens;
  private final Deque<String> vars = new ArrayDeque<>();
  private int i;

  private Parser(String src, List<Token> tokens) {
    this.src = src;
    this.tokens = tokens;
    vars.push("$");
  }

  static List<Node> parse(String src) throws TemplateException {
    Parser p = new Parser(src, Lexer.lex(src));
    Ending end = p.list();
    if (end.word != null) {
      throw p.error(end.pos, "unexpected {{" + end.word + "}}");
    }
    return end.nodes;
  }

  /** A node list and what ended it: EOF (word null), {@code end} or {@code else}. */
  private record Ending(List<Node> nodes, String word, int pos) {}

  private Ending list() throws TemplateException {
    List<Node> nodes = new ArrayList<>();
    while (true) {
      Token t = next();
      switch (t.kind()) {
        case EOF -> {
          return new Ending(nodes, null, t.pos());
        }
        case TEXT -> nodes.add(new Node.Text(t.text()));
        case LEFT -> {
          Token w = peek();
          if (w.kind() == Kind.IDENT) {
            switch (w.text()) {
              case "end", "else" -> {
                next();
                return new Ending(nodes, w.text(), w.pos());
              }
              case "if" -> nodes.add(block(BlockKind.IF, next()));
              case "range" -> nodes.add(block(BlockKind.RANGE, next()));
              case "with" -> nodes.add(block(BlockKind.WITH, next()));
              case "define", "template", "block", "break", "continue" ->
                  throw error(w.pos(), "{{" + w.text() + "}} is not supported");
              default -> nodes.add(new Node.Action(pipeline(false, Kind.RIGHT)));
            }
          } else {
            nodes.add(new Node.Action(pipeline(false, Kind.RIGHT)));
          }
        }
        default -> throw error(t.pos(), "unexpected " + t.text());
      }
    }
  }

  private Block block(BlockKind kind, Token keyword) throws TemplateException {
    int scope = vars.size();
    Pipeline pipe = pipeline(kind == BlockKind.RANGE, Kind.RIGHT);
    if (pipe.assign() && !pipe.decls().isEmpty()) {
      throw error(pipe.pos(), "cannot assign in {{" + keyword.text() + "}}; declare with :=");
    }
    Ending body = list();
    List<Node> otherwise = List.of();
    if ("else".equals(body.word)) {
      Token w = peek();
      if (w.kind() == Kind.IDENT && w.text().equals("if") && kind != BlockKind.RANGE) {
        // {{else if x}} is {{else}}{{if x}}…{{end}} sharing this block's {{end}}.
        next();
        otherwise = List.of(block(BlockKind.IF, w));
        popTo(scope);
        return new Block(kind, pipe, body.nodes, otherwise);
      }
      expect(Kind.RIGHT, "expected }} after else");
      Ending elseBody = list();
      if (!"end".equals(elseBody.word)) {
        throw unclosed(keyword, elseBody);
      }
      otherwise = elseBody.nodes;
    } else if (!"end".equals(body.word)) {
      throw unclosed(keyword, body);
    }
    expect(Kind.RIGHT, "expected }} after end");
    popTo(scope);
    return new Block(kind, pipe, body.nodes, otherwise);
  }

  private TemplateException unclosed(Token keyword, Ending ending) {
    return ending.word == null
        ? error(keyword.pos(), "unclosed {{" + keyword.text() + "}}: missing {{end}}")
        : error(ending.pos, "unexpected {{" + ending.word + "}}");
  }

  private Pipeline pipeline(boolean twoVars, Kind closer) throws TemplateException {
    int pos = peek().pos();
    List<String> decls = new ArrayList<>();
    boolean assign = false;
    if (isDeclaration(twoVars)) {
      decls.add(next().text());
      if (peek().kind() == Kind.COMMA) {
        next();
        decls.add(next().text());
      }
      assign = next().kind() == Kind.ASSIGN;
      for (String d : decls) {
        if (assign && !vars.contains(d)) {
          throw error(pos, "undefined variable \"" + d + "\"");
        }
      }
    }
    List<Command> commands = new ArrayList<>();
    while (true) {
      commands.add(command(commands.size()));
      Token t = next();
      if (t.kind() == closer) {
        break;
      }
      if (t.kind() != Kind.PIPE) {
        throw error(
            t.pos(),
            t.kind() == Kind.EOF ? "unclosed action" : "unexpected \"" + t.text() + "\" in action");
      }
    }
    if (!assign) {
      decls.forEach(vars::push);
    }
    return new Pipeline(pos, decls, assign, commands);
  }

  private boolean isDeclaration(boolean twoVars) {
    Token a = peek();
    if (a.kind() != Kind.VARIABLE || a.text().contains(".")) {
      return false;
    }
    Token b = tokens.get(i + 1);
    if (b.kind() == Kind.DECLARE || b.kind() == Kind.ASSIGN) {
      return true;
    }
    return twoVars
        && b.kind() == Kind.COMMA
        && tokens.get(i + 2).kind() == Kind.VARIABLE
        && tokens.get(i + 3).kind() == Kind.DECLARE;
  }

  private Command command(int index) throws TemplateException {
    int pos = peek().pos();
    List<Expr> args = new ArrayList<>();
    while (true) {
      Kind k = peek().kind();
      if (k == Kind.PIPE || k == Kind.RIGHT || k == Kind.RPAREN || k == Kind.EOF) {
        break;
      }
      args.add(operand(args.isEmpty()));
    }
    if (args.isEmpty()) {
      throw error(pos, "missing value for command");
    }
    int given = args.size() - 1 + (index > 0 ? 1 : 0);
    if (args.get(0) instanceof Expr.Func f) {
      String arity = Functions.checkArity(f.name(), given);
      if (arity != null) {
        throw error(f.pos(), arity);
      }
    } else if (given > 0) {
      throw error(args.get(0).pos(), "can't give argument to non-function");
    }
    return new Command(pos, args);
  }

  private Expr operand(boolean first) throws TemplateException {
    Token t = next();
    return switch (t.kind()) {
      case DOT -> new Expr.Dot(t.pos());
      case FIELD -> new Expr.Field(t.pos(), names(t.text()));
      case VARIABLE -> variable(t);
      case STRING -> new Expr.Literal(t.pos(), t.text());
      case NUMBER -> new Expr.Literal(t.pos(), number(t.text()));
      case BOOL -> new Expr.Literal(t.pos(), Boolean.valueOf(t.text()));
      case NIL -> new Expr.Literal(t.pos(), null);
      case LPAREN -> paren(t);
      case IDENT -> {
        if (!Functions.exists(t.text())) {
          throw error(t.pos(), "unknown function \"" + t.text() + "\"");
        }
        if (!first) {
          throw error(
              t.pos(), "function \"" + t.text() + "\" used as an argument; wrap the call in ( )");
        }
        yield new Expr.Func(t.pos(), t.text());
      }
      default -> throw error(t.pos(), "unexpected \"" + t.text() + "\" in operand");
    };
  }

  private Expr variable(Token t) throws TemplateException {
    String[] parts = t.text().split("\\.", -1);
    if (!vars.contains(parts[0])) {
      throw error(t.pos(), "undefined variable \"" + parts[0] + "\"");
    }
    List<String> names = Arrays.asList(parts).subList(1, parts.length);
    return new Expr.Var(t.pos(), parts[0], names);
  }

  private Expr paren(Token open) throws TemplateException {
    Pipeline inner = pipeline(false, Kind.RPAREN);
    Token close = tokens.get(i - 1);
    List<String> names = List.of();
    if (peek().kind() == Kind.FIELD && peek().pos() == close.end()) {
      names = names(next().text());
    }
    return new Expr.Paren(open.pos(), inner, names);
  }

  private static List<String> names(String dotted) {
    return List.of(dotted.split("\\."));
  }

  private static Object number(String text) {
    if (text.contains(".")) {
      return new BigDecimal(text);
    }
    return Long.valueOf(text.startsWith("+") ? text.substring(1) : text);
  }

  private void popTo(int size) {
    while (vars.size() > size) {
      vars.pop();
    }
  }

  private Token expect(Kind kind, String message) throws TemplateException {
    Token t = next();
    if (t.kind() != kind) {
      throw error(t.pos(), message);
    }
    return t;
  }

  private Token peek() {
    return tokens.get(i);
  }

  private Token next() {
    Token t = tokens.get(i);
    if (t.kind() != Kind.EOF) {
      i++;
    }
    return t;
  }

  private TemplateException error(int pos, String message) {
    return Positions.error(src, pos, message);
  }
}
