package dev.secretsync.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Field-level differences between two versions of a secret (for {@code --diff}). */
public final class SecretDiff {
  private SecretDiff() {}

  /** The differences from {@code before} to {@code after}, sorted by path. */
  public static List<FieldChange> between(Secret before, Secret after) {
    List<FieldChange> out = new ArrayList<>();
    diff("", before.data(), after.data(), out);
    return List.copyOf(out);
  }

  private static void diff(String path, Object a, Object b, List<FieldChange> out) {
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      TreeSet<String> keys = new TreeSet<>();
      ma.keySet().forEach(k -> keys.add((String) k));
      mb.keySet().forEach(k -> keys.add((String) k));
      for (String k : keys) {
        String p = path.isEmpty() ? k : path + "." + k;
        if (!ma.containsKey(k)) {
          out.add(new FieldChange(p, FieldChange.Kind.ADDED, null, mb.get(k)));
        } else if (!mb.containsKey(k)) {
          out.add(new FieldChange(p, FieldChange.Kind.REMOVED, ma.get(k), null));
        } else {
          diff(p, ma.get(k), mb.get(k), out);
        }
      }
    } else if (a instanceof List<?> la && b instanceof List<?> lb) {
      int n = Math.max(la.size(), lb.size());
      for (int i = 0; i < n; i++) {
        String p = path + "[" + i + "]";
        if (i >= la.size()) {
          out.add(new FieldChange(p, FieldChange.Kind.ADDED, null, lb.get(i)));
        } else if (i >= lb.size()) {
          out.add(new FieldChange(p, FieldChange.Kind.REMOVED, la.get(i), null));
        } else {
          diff(p, la.get(i), lb.get(i), out);
        }
      }
    } else if (!sameJson(a, b)) {
      out.add(new FieldChange(path, FieldChange.Kind.CHANGED, a, b));
    }
  }

  private static boolean sameJson(Object a, Object b) {
    if (a instanceof Number || b instanceof Number) {
      return a != null && b != null && CanonicalJson.write(a).equals(CanonicalJson.write(b));
    }
    return Objects.equals(a, b);
  }
}
