package dev.secretsync.config;

import dev.secretsync.template.TemplateException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * {@code dynamic_targets.<name>.template}: a target block whose strings may hold placeholders,
 * parsed once at load time (so an unknown placeholder is a config error with its line) and rendered
 * once per discovered account into a copy of the YAML tree, which is then bound exactly like a
 * static target. Immutable after load.
 */
public final class TargetTemplate {
  private final String path;
  private final Node body;
  private final Placeholders.Parsed name;
  private Node nameNode;
  private final Map<ScalarNode, Placeholders.Parsed> parsed;
  private final Map<ScalarNode, String> paths;
  private final Set<String> references;

  private TargetTemplate(
      String path,
      Node body,
      Placeholders.Parsed name,
      Map<ScalarNode, Placeholders.Parsed> parsed,
      Map<ScalarNode, String> paths) {
    this.path = path;
    this.body = body;
    this.name = name;
    this.parsed = parsed;
    this.paths = paths;
    Set<String> refs = new LinkedHashSet<>(name == null ? Set.of() : name.references());
    parsed.values().forEach(p -> refs.addAll(p.references()));
    this.references = Set.copyOf(refs);
  }

  /**
   * Parses the template mapping at {@code path}; problems go to {@code ctx}. The {@code name} key
   * is the generated target's name and must contain a placeholder.
   */
  static TargetTemplate bind(Node node, String path, YamlContext ctx) {
    Map<ScalarNode, Placeholders.Parsed> parsed = new IdentityHashMap<>();
    Map<ScalarNode, String> paths = new IdentityHashMap<>();
    Placeholders.Parsed name = null;
    Node nameNode = null;
    List<NodeTuple> rest = new ArrayList<>();
    if (!(node instanceof MappingNode map)) {
      ctx.problem(node, path, "expected a mapping: the fields of each generated target");
      return new TargetTemplate(path, node, null, parsed, paths);
    }
    ctx.remember(path, node);
    for (NodeTuple t : map.getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
      String child = path + "." + key;
      ctx.remember(child, t.getValueNode());
      if (key.equals("name")) {
        nameNode = t.getValueNode();
        if (t.getValueNode() instanceof ScalarNode s) {
          name = parse(s, child, ctx);
          if (name != null && name.references().isEmpty()) {
            ctx.problem(
                s,
                child,
                "a generated target name needs a placeholder such as {{account_id}}, or every"
                    + " account generates the same name");
            name = null;
          }
        } else {
          ctx.problem(t.getValueNode(), child, "expected a string such as \"acct-{{account_id}}\"");
        }
        continue;
      }
      rest.add(t);
      walk(t.getValueNode(), child, ctx, parsed, paths);
    }
    if (name == null && !ctx.problems.hasPathPrefix(path + ".name")) {
      ctx.problem(node, path + ".name", "name is required, e.g. name: \"acct-{{account_id}}\"");
    }
    MappingNode copy =
        new MappingNode(
            map.getTag(), true, rest, map.getStartMark(), map.getEndMark(), map.getFlowStyle());
    TargetTemplate tt = new TargetTemplate(path, copy, name, parsed, paths);
    tt.nameNode = nameNode == null ? node : nameNode;
    return tt;
  }

  /** Where the name sits in the file (for name clash problems). */
  Node nameNode() {
    return nameNode;
  }

  /** Whether the name parsed (else generation is skipped: the problem was already reported). */
  boolean usable() {
    return name != null;
  }

  private static void walk(
      Node n,
      String path,
      YamlContext ctx,
      Map<ScalarNode, Placeholders.Parsed> parsed,
      Map<ScalarNode, String> paths) {
    if (n instanceof ScalarNode s) {
      if (Placeholders.hasAny(s.getValue())) {
        Placeholders.Parsed p = parse(s, path, ctx);
        if (p != null) {
          parsed.put(s, p);
          paths.put(s, path);
        }
      }
    } else if (n instanceof SequenceNode seq) {
      int i = 0;
      for (Node item : seq.getValue()) {
        walk(item, path + "[" + i++ + "]", ctx, parsed, paths);
      }
    } else if (n instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
        walk(t.getValueNode(), path + "." + key, ctx, parsed, paths);
      }
    }
  }

  private static Placeholders.Parsed parse(ScalarNode s, String path, YamlContext ctx) {
    try {
      return Placeholders.parse(s.getValue());
    } catch (Placeholders.PlaceholderException e) {
      ctx.problem(s, path, e.getMessage());
      return null;
    }
  }

  /** The config path of this template, {@code dynamic_targets.<name>.template}. */
  public String path() {
    return path;
  }

  /** Every placeholder used ({@code account_id}, {@code tags.env}, …). */
  public Set<String> references() {
    return references;
  }

  /** The tag keys placeholders read ({@code tags.env} → {@code env}). */
  public Set<String> tagKeys() {
    Set<String> keys = new LinkedHashSet<>();
    references.stream().filter(r -> r.startsWith("tags.")).forEach(r -> keys.add(r.substring(5)));
    return keys;
  }

  /** The field keys the template sets (for checks that do not need an account). */
  Node body() {
    return body;
  }

  /** Renders the target name for one account; the message names the placeholder on failure. */
  String renderName(Map<String, Object> data) throws Placeholders.PlaceholderException {
    return render(name, data, path + ".name");
  }

  /**
   * A copy of the template body with every placeholder rendered for one account. Marks stay, so
   * problems found while binding the copy point at the template's lines.
   */
  Node renderBody(Map<String, Object> data) throws Placeholders.PlaceholderException {
    return copy(body, data);
  }

  private Node copy(Node n, Map<String, Object> data) throws Placeholders.PlaceholderException {
    if (n instanceof ScalarNode s) {
      Placeholders.Parsed p = parsed.get(s);
      if (p == null) {
        return s;
      }
      return new ScalarNode(
          s.getTag(),
          render(p, data, paths.get(s)),
          s.getStartMark(),
          s.getEndMark(),
          s.getScalarStyle());
    }
    if (n instanceof SequenceNode seq) {
      List<Node> items = new ArrayList<>();
      for (Node item : seq.getValue()) {
        items.add(copy(item, data));
      }
      return new SequenceNode(
          seq.getTag(), true, items, seq.getStartMark(), seq.getEndMark(), seq.getFlowStyle());
    }
    if (n instanceof MappingNode m) {
      List<NodeTuple> tuples = new ArrayList<>();
      for (NodeTuple t : m.getValue()) {
        tuples.add(new NodeTuple(t.getKeyNode(), copy(t.getValueNode(), data)));
      }
      return new MappingNode(
          m.getTag(), true, tuples, m.getStartMark(), m.getEndMark(), m.getFlowStyle());
    }
    return n;
  }

  private static String render(Placeholders.Parsed p, Map<String, Object> data, String path)
      throws Placeholders.PlaceholderException {
    try {
      return p.template().render(data);
    } catch (TemplateException e) {
      String missing = null;
      for (String ref : p.references()) {
        if (value(data, ref) == null) {
          missing = ref;
          break;
        }
      }
      throw new Placeholders.PlaceholderException(
          path
              + ": "
              + (missing == null
                  ? e.detail()
                  : "placeholder {{"
                      + missing
                      + "}} has no value; set it on the account or write {{ "
                      + missing
                      + " | default \"…\" }}"));
    }
  }

  private static Object value(Map<String, Object> data, String ref) {
    if (ref.startsWith("tags.")) {
      return data.get("tags") instanceof Map<?, ?> tags ? tags.get(ref.substring(5)) : null;
    }
    return data.get(ref);
  }

  /** Placeholder data of one account: values with {@code $} escaped for the interpolator. */
  static Map<String, Object> data(AccountFacts a, Set<String> tagKeys) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("account_id", escape(a.accountId()));
    d.put("account_name", escape(a.accountName()));
    d.put("account_email", escape(a.accountEmail()));
    d.put("ou_id", escape(a.ouId()));
    d.put("ou_path", escape(a.ouPath()));
    Map<String, Object> tags = new LinkedHashMap<>();
    // Every key the template reads is present (null when the account lacks it), so `default`
    // can supply a value instead of failing on a missing key.
    tagKeys.forEach(k -> tags.put(k, null));
    a.tags().forEach((k, v) -> tags.put(k, escape(v)));
    d.put("tags", tags);
    return d;
  }

  /**
   * Account names and tags are chosen by whoever owns the account: a {@code $} in them must not
   * reach the {@code ${VAR}} interpolator (it would read this process's environment into a name).
   */
  private static String escape(String s) {
    return s == null ? null : s.replace("$", "$$");
  }

  @Override
  public String toString() {
    return "TargetTemplate[" + path + "]";
  }
}
