package dev.secretsync.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects configuration problems so that all of them are reported at once. */
final class Problems {
  private final String file;
  private final List<ConfigProblem> list = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  void add(int line, int column, String path, String message) {
    list.add(new ConfigProblem(file, line, column, path, message));
  }

  /** The file the problems are in, as the user named it. */
  String file() {
    return file;
  }

  /** Whether a problem was recorded at {@code prefix} or below it. */
  boolean hasPathPrefix(String prefix) {
    return list.stream().anyMatch(p -> p.path() != null && p.path().startsWith(prefix));
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  List<ConfigProblem> sorted() {
    List<ConfigProblem> out = new ArrayList<>(list);
    out.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
    return out;
  }

  void throwIfAny() {
    if (!list.isEmpty()) {
      throw new ConfigException(sorted());
    }
  }
}
