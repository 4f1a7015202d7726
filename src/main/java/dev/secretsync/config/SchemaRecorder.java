package dev.secretsync.config;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the binder asked of the YAML tree: for every mapping, the keys read and how each was read
 * ({@link YamlObject#string}, {@link YamlObject#integer}, …), their defaults and allowed values,
 * and whether the mapping rejects other keys. {@link ConfigSchema} turns this into the JSON Schema,
 * so the schema is the loader's own key list and cannot drift from it. Paths are normalised: list
 * indexes become {@code []}; named entries (a source, a target) are {@code *}.
 */
final class SchemaRecorder {
  /** How a value was read. */
  enum Kind {
    OBJECT,
    NAMED_MAP,
    STRING,
    INTEGER,
    BOOLEAN,
    DURATION,
    ENUM,
    STRING_LIST,
    STRING_MAP,
    ANY
  }

  private final Map<String, Set<String>> keys = new LinkedHashMap<>();
  private final Map<String, Set<Kind>> kinds = new HashMap<>();
  private final Map<String, Set<String>> choices = new HashMap<>();
  private final Map<String, Object> defaults = new HashMap<>();
  private final Set<String> closed = new HashSet<>();

  static String normalise(String path) {
    return path.replaceAll("\\[\\d+]", "[]");
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** A mapping was read at {@code path}. */
  void object(String path) {
    value(path, Kind.OBJECT);
    keys.computeIfAbsent(normalise(path), p -> new LinkedHashSet<>());
  }

  /** The value at {@code path} was read as {@code kind}. */
  void value(String path, Kind kind) {
    kinds.computeIfAbsent(normalise(path), p -> EnumSet.noneOf(Kind.class)).add(kind);
  }

  /** Key {@code key} of the mapping at {@code path} was read as {@code kind}. */
  void key(String path, String key, Kind kind, Object def, Set<String> allowed) {
    keys.computeIfAbsent(normalise(path), p -> new LinkedHashSet<>()).add(key);
    String at = normalise(child(path, key));
    value(at, kind);
    if (def != null && !"".equals(def)) {
      defaults.putIfAbsent(at, def);
    }
    if (allowed != null) {
      choices.computeIfAbsent(at, p -> new TreeSet<>()).addAll(allowed);
    }
  }

  /** The mapping at {@code path} reports keys it did not read as unknown. */
  void closed(String path) {
    closed.add(normalise(path));
  }

  Set<Kind> kinds(String path) {
    return kinds.getOrDefault(path, Set.of());
  }

  List<String> keys(String path) {
    return List.copyOf(keys.getOrDefault(path, Set.of()));
  }

  Set<String> objectPaths() {
    return keys.keySet();
  }

  Set<String> choices(String path) {
    return choices.getOrDefault(path, Set.of());
  }

  Object defaultOf(String path) {
    return defaults.get(path);
  }

  boolean isClosed(String path) {
    return closed.contains(path);
  }
}
