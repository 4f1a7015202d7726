package dev.secretsync.config;

import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Shared state while reading one config file: the problem list, the interpolator, and where each
 * config path sits in the file (so later checks can point at a line and column).
 */
final class YamlContext {
  final Problems problems;
  final Interpolator interpolator;
  private final Map<String, Mark> marks = new HashMap<>();
  private final java.util.Set<String> problemPaths = new java.util.HashSet<>();

  /** Set only while {@link ConfigSchema} runs the binder to learn its keys; else {@code null}. */
  SchemaRecorder recorder;

  YamlContext(Problems problems, Interpolator interpolator) {
    this.problems = problems;
    this.interpolator = interpolator;
  }

  void remember(String path, Node node) {
    if (node != null && node.getStartMark() != null) {
      marks.putIfAbsent(path, node.getStartMark());
    }
  }

  /** Records that the value at {@code path} could not be resolved (e.g. an unset ${VAR}). */
  void unresolved(String path) {
    problemPaths.add(path);
  }

  void problem(Node node, String path, String message) {
    Mark m = node == null ? null : node.getStartMark();
    problems.add(m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, path, message);
  }

  /**
   * A problem at a config path, located at the nearest remembered ancestor. Skipped when the same
   * path already has a problem (e.g. an unset ${VAR} need not also be reported as a missing value).
   */
  void problemAt(String path, String message) {
    if (problemPaths.contains(path)) {
      return;
    }
    String p = path;
    while (p != null) {
      Mark m = marks.get(p);
      if (m != null) {
        problems.add(m.getLine() + 1, m.getColumn() + 1, path, message);
        return;
      }
      p = parent(p);
    }
    problems.add(0, 0, path, message);
  }

  /**
   * Where {@code path} (or its nearest remembered ancestor) is: {@code file:line:col}, or the file
   * alone when unknown — for a problem that must point at a second place.
   */
  String locate(String path) {
    for (String p = path; p != null; p = parent(p)) {
      Mark m = marks.get(p);
      if (m != null) {
        return problems.file() + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
      }
    }
    return problems.file();
  }

  private static String parent(String path) {
    if (path.isEmpty()) {
      return null;
    }
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut <= 0 ? "" : path.substring(0, cut);
  }
}
