package dev.secretsync.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep copies of JSON-shaped values (maps, lists, scalars) into unmodifiable structures. */
final class JsonValues {
  private JsonValues() {}

  static Map<String, Object> immutableObject(Map<String, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
    for (Map.Entry<String, ?> e : map.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("JSON object keys must not be null");
      }
      copy.put(e.getKey(), immutable(e.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  @SuppressWarnings("unchecked")
  static Object immutable(Object value) {
    if (value instanceof Map<?, ?> m) {
      return immutableObject((Map<String, ?>) m);
    }
    if (value instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      for (Object o : l) {
        copy.add(immutable(o));
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }
}
