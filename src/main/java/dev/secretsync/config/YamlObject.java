package dev.secretsync.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed, problem-collecting access to one YAML mapping. Every accessor records a problem (with
 * line, column and config path) instead of throwing, and returns the default, so one pass finds
 * every problem. {@link #finish()} reports the keys nobody asked for as unknown.
 */
final class YamlObject {
  private final Node node;
  private final String path;
  private final YamlContext ctx;
  private final Map<String, Node> entries = new LinkedHashMap<>();
  private final Map<String, Node> keyNodes = new LinkedHashMap<>();
  private final Set<String> used = new LinkedHashSet<>();

  private YamlObject(Node node, String path, YamlContext ctx) {
    this.node = node;
    this.path = path;
    this.ctx = ctx;
    ctx.remember(path, node);
    if (node instanceof MappingNode && ctx.recorder != null) {
      ctx.recorder.object(path);
    }
    if (node instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        Node k = t.getKeyNode();
        String key = k instanceof ScalarNode s ? s.getValue() : null;
        if (key == null) {
          ctx.problem(k, path, "keys must be plain strings");
          continue;
        }
        if (entries.containsKey(key)) {
          ctx.problem(k, child(key), "duplicate key \"" + key + "\"");
          continue;
        }
        entries.put(key, t.getValueNode());
        keyNodes.put(key, k);
        ctx.remember(child(key), t.getValueNode());
      }
    }
  }

  /** Reads {@code node} as a mapping; records a problem and returns an empty object otherwise. */
  static YamlObject of(Node node, String path, YamlContext ctx) {
    if (node != null && !(node instanceof MappingNode) && !isNull(node)) {
      ctx.problem(node, path, "expected a mapping (key: value pairs), found " + describe(node));
    }
    return new YamlObject(node, path, ctx);
  }

  String path() {
    return path;
  }

  String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    // A key read only when present (paths: given or not) must still reach the schema.
    record(key, SchemaRecorder.Kind.ANY, null, null);
    Node n = entries.get(key);
    return n != null && !isNull(n);
  }

  Set<String> keys() {
    return entries.keySet();
  }

  /** The node at {@code key}, read by the caller itself (recorded as any value). */
  Node raw(String key) {
    record(key, SchemaRecorder.Kind.ANY, null, null);
    return node(key);
  }

  /**
   * The node at {@code key} when a user wrote it, without telling the schema recorder: for keys the
   * loader only reads to reject them with a better message than "unknown key".
   */
  Node misplaced(String key) {
    return node(key);
  }

  private Node node(String key) {
    used.add(key);
    return entries.get(key);
  }

  /** Tells the schema recorder, when one listens, how {@code key} is read. */
  private void record(String key, SchemaRecorder.Kind kind, Object def, Set<String> allowed) {
    if (ctx.recorder != null) {
      ctx.recorder.key(path, key, kind, def, allowed);
    }
  }

  /** The nested mapping at {@code key}, or {@code null} when absent or null. */
  YamlObject object(String key) {
    record(key, SchemaRecorder.Kind.OBJECT, null, null);
    Node n = node(key);
    return n == null || isNull(n) ? null : of(n, child(key), ctx);
  }

  /** The entries of a mapping of named items (e.g. {@code sources}), in file order. */
  Map<String, Node> namedEntries(String key) {
    record(key, SchemaRecorder.Kind.NAMED_MAP, null, null);
    YamlObject obj = object(key);
    if (obj == null) {
      return Map.of();
    }
    obj.used.addAll(obj.entries.keySet());
    return obj.entries;
  }

  String string(String key, String def) {
    record(key, SchemaRecorder.Kind.STRING, def, null);
    return stringValue(key, def);
  }

  private String stringValue(String key, String def) {
    Node n = node(key);
    if (n == null || isNull(n)) {
      return def;
    }
    String s = scalarString(n, child(key));
    return s == null ? def : s;
  }

  String choice(String key, String def, Set<String> allowed) {
    record(key, SchemaRecorder.Kind.ENUM, def, allowed);
    String v = stringValue(key, def);
    if (v != null && !allowed.contains(v)) {
      ctx.problem(
          entries.get(key),
          child(key),
          "\"" + v + "\" is not one of " + String.join(", ", new TreeSet<>(allowed)));
      return def;
    }
    return v;
  }

  int integer(String key, int def) {
    record(key, SchemaRecorder.Kind.INTEGER, def, null);
    return typed(
        key,
        def,
        s -> {
          try {
            return Integer.parseInt(s);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number");
          }
        });
  }

  boolean bool(String key, boolean def) {
    record(key, SchemaRecorder.Kind.BOOLEAN, def, null);
    return typed(
        key,
        def,
        s ->
            switch (s.toLowerCase(java.util.Locale.ROOT)) {
              case "true", "yes", "on" -> true;
              case "false", "no", "off" -> false;
              default -> throw new IllegalArgumentException("expected true or false");
            });
  }

  Duration duration(String key, Duration def) {
    record(key, SchemaRecorder.Kind.DURATION, def == null ? null : Durations.format(def), null);
    return typed(key, def, Durations::parse);
  }

  /**
   * A single value at {@code key} parsed by {@code parse}; absent or null gives {@code def}, and a
   * value {@code parse} rejects (IllegalArgumentException) is recorded as a problem with its
   * message.
   */
  private <T> T typed(String key, T def, java.util.function.Function<String, T> parse) {
    Node n = node(key);
    String s = n == null || isNull(n) ? null : scalarString(n, child(key));
    if (s == null) {
      return def;
    }
    try {
      return parse.apply(s.trim());
    } catch (IllegalArgumentException e) {
      ctx.problem(n, child(key), e.getMessage());
      return def;
    }
  }

  List<String> strings(String key) {
    record(key, SchemaRecorder.Kind.STRING_LIST, null, null);
    Node n = node(key);
    if (n == null || isNull(n)) {
      return List.of();
    }
    return stringList(n, child(key), ctx);
  }

  static List<String> stringList(Node n, String path, YamlContext ctx) {
    if (ctx.recorder != null) {
      ctx.recorder.value(path, SchemaRecorder.Kind.STRING_LIST);
    }
    if (!(n instanceof SequenceNode seq)) {
      ctx.problem(n, path, "expected a list, found " + describe(n));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    for (Node item : seq.getValue()) {
      String p = path + "[" + i++ + "]";
      ctx.remember(p, item);
      String s = scalarString(item, p, ctx);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  Map<String, String> stringMap(String key) {
    record(key, SchemaRecorder.Kind.STRING_MAP, null, null);
    YamlObject obj = object(key);
    if (obj == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : obj.entries.entrySet()) {
      obj.used.add(e.getKey());
      String s = scalarString(e.getValue(), obj.child(e.getKey()), ctx);
      if (s != null) {
        out.put(e.getKey(), s);
      }
    }
    return out;
  }

  /** A free-form JSON value (maps, lists, scalars), strings interpolated. */
  Object json(String key) {
    Node n = raw(key);
    return n == null ? null : YamlValues.toJson(n, child(key), ctx);
  }

  /** Records a problem for every key that no accessor asked for. */
  void finish() {
    if (ctx.recorder != null) {
      ctx.recorder.closed(path);
    }
    for (String key : entries.keySet()) {
      if (!used.contains(key)) {
        Set<String> known = new TreeSet<>(used);
        ctx.problem(
            keyNodes.get(key),
            child(key),
            "unknown key \""
                + key
                + "\""
                + (known.isEmpty() ? "" : " (known keys here: " + String.join(", ", known) + ")"));
      }
    }
  }

  /** Marks keys as known without reading them (for keys read through {@link #raw}). */
  void allow(String... keys) {
    for (String key : keys) {
      record(key, SchemaRecorder.Kind.ANY, null, null);
    }
    used.addAll(List.of(keys));
  }

  void problem(String key, String message) {
    Node n = entries.get(key);
    ctx.problem(n == null ? node : n, key == null ? path : child(key), message);
  }

  private String scalarString(Node n, String p) {
    return scalarString(n, p, ctx);
  }

  static String scalarString(Node n, String p, YamlContext ctx) {
    if (!(n instanceof ScalarNode s)) {
      ctx.problem(n, p, "expected a single value, found " + describe(n));
      return null;
    }
    if (!s.getTag().equals(Tag.STR)) {
      return s.getValue();
    }
    try {
      return ctx.interpolator.expand(s.getValue());
    } catch (Interpolator.InterpolationException e) {
      ctx.problem(n, p, e.getMessage());
      ctx.unresolved(p);
      return null;
    }
  }

  static boolean isNull(Node n) {
    return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  static String describe(Node n) {
    if (n instanceof MappingNode) {
      return "a mapping";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    return isNull(n) ? "nothing (null)" : "a single value";
  }
}
