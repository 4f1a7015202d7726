package dev.secretsync.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The targets and their imports as a DAG. An import names a source or another target; a target that
 * imports targets inherits their merged bundles.
 *
 * <p>Level: sources are 0, a target is 1 + the highest level of the targets it imports (1 when it
 * imports only sources). {@link #order()} sorts by (level, name), which is a topological order.
 */
public final class TargetGraph {
  private final Map<String, List<String>> imports;
  private final Set<String> sources;
  private final Map<String, Integer> levels;

  private TargetGraph(Map<String, List<String>> imports, Set<String> sources) {
    this.imports = imports;
    this.sources = sources;
    this.levels = computeLevels();
  }

  /**
   * Builds the graph.
   *
   * @param imports each target's imports, in order
   * @param sources the names of the sources
   * @throws GraphException naming the unknown import or the cycle
   */
  public static TargetGraph of(Map<String, List<String>> imports, Collection<String> sources) {
    Map<String, List<String>> copy = new TreeMap<>();
    imports.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    Set<String> sourceSet = new TreeSet<>(sources);
    for (Map.Entry<String, List<String>> e : copy.entrySet()) {
      for (String imp : e.getValue()) {
        if (!copy.containsKey(imp) && !sourceSet.contains(imp)) {
          throw new GraphException(
              "target \"" + e.getKey() + "\" imports unknown source or target \"" + imp + "\"");
        }
      }
    }
    List<String> cycle = findCycle(copy);
    if (!cycle.isEmpty()) {
      throw new GraphException(
          "circular dependency detected in target inheritance: " + String.join(" -> ", cycle));
    }
    return new TargetGraph(copy, sourceSet);
  }

  /**
   * The first cycle among target imports, as a path that starts and ends with the same target
   * ({@code [A, B, A]}), or an empty list. Deterministic: targets are visited in name order.
   */
  public static List<String> findCycle(Map<String, List<String>> imports) {
    Map<String, Integer> state = new HashMap<>(); // 1 = on the stack, 2 = done
    Deque<String> stack = new ArrayDeque<>();
    for (String start : new TreeSet<>(imports.keySet())) {
      List<String> cycle = visit(start, imports, state, stack);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    return List.of();
  }

  private static List<String> visit(
      String node,
      Map<String, List<String>> imports,
      Map<String, Integer> state,
      Deque<String> stack) {
    Integer s = state.get(node);
    if (s != null && s == 2) {
      return List.of();
    }
    if (s != null && s == 1) {
      List<String> path = new ArrayList<>(stack);
      java.util.Collections.reverse(path);
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
      cycle.add(node);
      return cycle;
    }
    state.put(node, 1);
    stack.push(node);
    for (String dep : imports.getOrDefault(node, List.of())) {
      if (imports.containsKey(dep)) {
        List<String> cycle = visit(dep, imports, state, stack);
        if (!cycle.isEmpty()) {
          return cycle;
        }
      }
    }
    stack.pop();
    state.put(node, 2);
    return List.of();
  }

  private Map<String, Integer> computeLevels() {
    Map<String, Integer> out = new HashMap<>();
    for (String t : imports.keySet()) {
      level(t, out);
    }
    return out;
  }

  private int level(String target, Map<String, Integer> memo) {
    Integer known = memo.get(target);
    if (known != null) {
      return known;
    }
    int max = 0;
    for (String dep : imports.get(target)) {
      if (imports.containsKey(dep)) {
        max = Math.max(max, level(dep, memo));
      }
    }
    memo.put(target, max + 1);
    return max + 1;
  }

  /** All target names. */
  public Set<String> targets() {
    return imports.keySet();
  }

  /** Whether {@code name} is a target. */
  public boolean isTarget(String name) {
    return imports.containsKey(name);
  }

  /** Whether {@code name} is a source. */
  public boolean isSource(String name) {
    return sources.contains(name);
  }

  /** The imports of {@code target}, in order. */
  public List<String> importsOf(String target) {
    List<String> list = imports.get(target);
    if (list == null) {
      throw new IllegalArgumentException("unknown target \"" + target + "\"");
    }
    return list;
  }

  /** The targets {@code target} imports directly. */
  public List<String> targetDependencies(String target) {
    return importsOf(target).stream().filter(imports::containsKey).distinct().toList();
  }

  /** The targets that import {@code target} directly. */
  public List<String> dependents(String target) {
    return imports.entrySet().stream()
        .filter(e -> e.getValue().contains(target))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The level of {@code target} (≥ 1). */
  public int level(String target) {
    Integer l = levels.get(target);
    if (l == null) {
      throw new IllegalArgumentException("unknown target \"" + target + "\"");
    }
    return l;
  }

  /** All targets by (level, name): every target comes after the targets it imports. */
  public List<String> order() {
    return orderOf(imports.keySet());
  }

  /** The given targets by (level, name). */
  public List<String> orderOf(Collection<String> targets) {
    return targets.stream()
        .sorted(
            Comparator.comparingInt((String t) -> level(t))
                .thenComparing(Comparator.naturalOrder()))
        .toList();
  }

  /** Targets grouped by level, in level order; names sorted within a level. */
  public Map<Integer, List<String>> byLevel() {
    Map<Integer, List<String>> out = new LinkedHashMap<>();
    for (String t : order()) {
      out.computeIfAbsent(level(t), k -> new ArrayList<>()).add(t);
    }
    return out;
  }

  /**
   * The selected targets plus every target they import, directly or not.
   *
   * @throws GraphException naming a selected name that is not a target
   */
  public Set<String> closure(Collection<String> selected) {
    Set<String> out = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (String s : selected) {
      if (!imports.containsKey(s)) {
        throw new GraphException(
            "unknown target \"" + s + "\" (known: " + String.join(", ", imports.keySet()) + ")");
      }
      todo.add(s);
    }
    while (!todo.isEmpty()) {
      String t = todo.poll();
      if (out.add(t)) {
        todo.addAll(targetDependencies(t));
      }
    }
    return out;
  }

  /** The sources the given targets import directly, sorted. */
  public Set<String> sourcesOf(Collection<String> targets) {
    Set<String> out = new TreeSet<>();
    for (String t : targets) {
      for (String i : importsOf(t)) {
        if (sources.contains(i)) {
          out.add(i);
        }
      }
    }
    return out;
  }

  /** A configuration problem in the graph: an unknown import or a cycle. */
  public static final class GraphException extends IllegalArgumentException {
    /** Creates the exception with a message that names the problem. */
    public GraphException(String message) {
      super(message);
    }
  }
}
