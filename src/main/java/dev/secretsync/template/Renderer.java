package dev.secretsync.template;

import dev.secretsync.template.Node.Block;
import dev.secretsync.template.Node.Command;
import dev.secretsync.template.Node.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Executes a parsed template over JSON-shaped data. One instance per render: it holds the variable
 * stack. Failures carry the line:column of the action and never a value.
 */
final class Renderer {
  private final String src;
  private final StringBuilder out = new StringBuilder();
  private final List<String> names = new ArrayList<>();
  private final List<Object> values = new ArrayList<>();

  Renderer(String src, Object root) {
    this.src = src;
    declare("$", root);
  }

  String run(List<Node> nodes, Object dot) throws TemplateException {
    walk(nodes, dot);
    return out.toString();
  }

  private void walk(List<Node> nodes, Object dot) throws TemplateException {
    for (Node n : nodes) {
      if (n instanceof Node.Text t) {
        out.append(t.text());
      } else if (n instanceof Node.Action a) {
        Object v = pipeline(a.pipe(), dot);
        if (a.pipe().decls().isEmpty()) {
          if (v == null) {
            // Go prints "<no value>"; a file holding that instead of a password is worse than
            // a failed render, so a null is an error (use default to give one).
            throw error(a.pipe().pos(), "the value is null; use default to supply one");
          }
          out.append(v instanceof String s ? s : GoValues.print(v));
        }
      } else if (n instanceof Block b) {
        int scope = values.size();
        block(b, dot);
        popTo(scope);
      }
    }
  }

  private void block(Block b, Object dot) throws TemplateException {
    Object v = pipeline(b.pipe(), dot);
    switch (b.kind()) {
      case IF -> walk(GoValues.truth(v) ? b.body() : b.otherwise(), dot);
      case WITH -> {
        if (GoValues.truth(v)) {
          walk(b.body(), v);
        } else {
          walk(b.otherwise(), dot);
        }
      }
      case RANGE -> range(b, v, dot);
    }
  }

  private void range(Block b, Object v, Object dot) throws TemplateException {
    List<Object[]> items = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        items.add(new Object[] {(long) i, l.get(i)});
      }
    } else if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
        items.add(new Object[] {e.getKey(), e.getValue()});
      }
    } else if (v != null) {
      throw error(b.pipe().pos(), "range can't iterate over a " + GoValues.typeName(v));
    }
    if (items.isEmpty()) {
      walk(b.otherwise(), dot);
      return;
    }
    List<String> decls = b.pipe().decls();
    int scope = values.size();
    for (Object[] item : items) {
      // Go: one variable gets the element, two get key/index and element.
      if (decls.size() == 1) {
        set(decls.get(0), item[1]);
      } else if (decls.size() == 2) {
        set(decls.get(0), item[0]);
        set(decls.get(1), item[1]);
      }
      walk(b.body(), item[1]);
      popTo(scope);
    }
  }

  private Object pipeline(Pipeline p, Object dot) throws TemplateException {
    Object v = null;
    boolean piped = false;
    for (Command c : p.commands()) {
      v = command(c, dot, piped, v);
      piped = true;
    }
    if (p.assign()) {
      assign(p.decls().get(0), v);
    } else if (!p.decls().isEmpty()) {
      // In range the declarations are per element, set by range itself.
      declare(p.decls().get(0), v);
      if (p.decls().size() == 2) {
        declare(p.decls().get(1), v);
      }
    }
    return v;
  }

  private Object command(Command c, Object dot, boolean piped, Object prev)
      throws TemplateException {
    Expr head = c.args().get(0);
    if (!(head instanceof Expr.Func f)) {
      return operand(head, dot);
    }
    List<Object> args = new ArrayList<>(c.args().size());
    for (Expr e : c.args().subList(1, c.args().size())) {
      args.add(operand(e, dot));
    }
    if (piped) {
      args.add(prev);
    }
    try {
      return Functions.call(f.name(), args);
    } catch (EvalException e) {
      throw error(f.pos(), e.getMessage());
    }
  }

  private Object operand(Expr e, Object dot) throws TemplateException {
    if (e instanceof Expr.Dot) {
      return dot;
    }
    if (e instanceof Expr.Field f) {
      return fields(dot, f.names(), f.pos());
    }
    if (e instanceof Expr.Var v) {
      return fields(lookup(v.name()), v.names(), v.pos());
    }
    if (e instanceof Expr.Literal l) {
      return l.value();
    }
    if (e instanceof Expr.Paren p) {
      return fields(pipeline(p.pipe(), dot), p.names(), p.pos());
    }
    throw error(e.pos(), "function used as a value");
  }

  private Object fields(Object v, List<String> path, int pos) throws TemplateException {
    StringBuilder where = new StringBuilder();
    for (String name : path) {
      where.append('.').append(name);
      if (v instanceof Map<?, ?> m) {
        if (!m.containsKey(name)) {
          throw error(pos, "map has no entry for key \"" + name + "\" (at " + where + ")");
        }
        v = m.get(name);
      } else if (v == null) {
        throw error(pos, "nil pointer evaluating " + where);
      } else {
        throw error(pos, "can't evaluate field " + name + " in type " + GoValues.typeName(v));
      }
    }
    return v;
  }

  private void declare(String name, Object v) {
    names.add(name);
    values.add(v);
  }

  private void set(String name, Object v) {
    declare(name, v);
  }

  private void assign(String name, Object v) {
    values.set(names.lastIndexOf(name), v);
  }

  private Object lookup(String name) {
    return values.get(names.lastIndexOf(name));
  }

  private void popTo(int size) {
    while (values.size() > size) {
      values.remove(values.size() - 1);
      names.remove(names.size() - 1);
    }
  }

  private TemplateException error(int pos, String message) {
    return Positions.error(src, pos, message);
  }
}
