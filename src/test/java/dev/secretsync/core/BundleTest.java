package dev.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.testkit.TestKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class BundleTest {
  private static final String DISTINCTIVE = "s3cr3t-Vq7-DISTINCTIVE";

  private static Map<String, Object> obj(Object... kv) {
    return DeepMergeTest.m(kv);
  }

  /** A bundle shaped like the seed's data-engineers source. */
  private static Map<SecretKey, Secret> seedSecrets() {
    Map<SecretKey, Secret> m = new HashMap<>();
    m.put(
        SecretKey.of("config/tools"),
        Secret.of(
            obj(
                "dbt_version",
                "1.5.0",
                "spark_config",
                obj("executor_memory", "4g", "partitions", 200),
                "flags",
                List.of(true, false))));
    m.put(
        SecretKey.of("credentials/snowflake"),
        Secret.of(obj("username", "data_engineer", "password", DISTINCTIVE)));
    m.put(
        SecretKey.of("team/members"),
        Secret.of(obj("leads", List.of("alice", "bob"), "engineers", List.of("charlie"))));
    m.put(SecretKey.of("config/database"), Secret.of(obj("port", 5433, "ssl", true)));
    m.put(SecretKey.of("empty"), Secret.of(obj()));
    return m;
  }

  @Test
  void sortedByKey() {
    Map<SecretKey, Secret> m = new LinkedHashMap<>();
    for (String k : List.of("z", "a/b", "m/x", "a", "a-b", "a.b", "B")) {
      m.put(SecretKey.of(k), Secret.of(obj("v", k)));
    }
    Bundle b = Bundle.of(m);
    assertThat(b.secrets().keySet())
        .extracting(SecretKey::path)
        .containsExactly("B", "a", "a-b", "a.b", "a/b", "m/x", "z");
    assertThat(b.toJsonObject().keySet())
        .containsExactly("B", "a", "a-b", "a.b", "a/b", "m/x", "z");
    assertThat(b.size()).isEqualTo(7);
    assertThat(b.isEmpty()).isFalse();
  }

  @Test
  void toStringShowsNoValues() {
    Bundle b = Bundle.of(seedSecrets());
    assertThat(b.toString())
        .doesNotContain(DISTINCTIVE)
        .doesNotContain("data_engineer")
        .doesNotContain("password")
        .isEqualTo("Bundle[secrets=5]");
    assertThat(b.secrets().toString()).doesNotContain(DISTINCTIVE);
  }

  @Test
  void isImmutableAndCopiesItsInput() {
    Map<SecretKey, Secret> input = seedSecrets();
    Bundle b = Bundle.of(input);
    Fingerprint before = b.fingerprint(TestKeys.KEY);

    input.put(SecretKey.of("added"), Secret.of(obj("x", 1)));
    input.remove(SecretKey.of("empty"));

    assertThat(b.size()).isEqualTo(5);
    assertThat(b.get(SecretKey.of("added"))).isNull();
    assertThat(b.fingerprint(TestKeys.KEY)).isEqualTo(before);
    assertThat(Bundle.of(seedSecrets()).fingerprint(TestKeys.KEY)).isEqualTo(before);

    assertThatThrownBy(() -> b.secrets().put(SecretKey.of("x"), Secret.of(obj())))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> b.secrets().remove(SecretKey.of("empty")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> b.secrets().headMap(SecretKey.of("m")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
    DeepMergeProperties.assertDeeplyUnmodifiable(b.get(SecretKey.of("config/tools")).data());
  }

  @Test
  void equalityIsByFingerprint() {
    Bundle a = Bundle.of(seedSecrets());
    Bundle b = Bundle.of(new LinkedHashMap<>(seedSecrets()));
    assertThat(a).isEqualTo(b);
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    assertThat(a).isNotEqualTo(Bundle.empty());
    assertThat(a).isNotEqualTo(null);
    assertThat((Object) a).isNotEqualTo(a.fingerprint(TestKeys.KEY));
  }

  @Test
  void fingerprintIsTheCanonicalJsonOfTheWholeBundle() {
    Bundle b = Bundle.of(seedSecrets());
    assertThat(b.fingerprint(TestKeys.KEY)).isEqualTo(TestKeys.KEY.of(b.toJsonObject()));
    assertThat(Bundle.empty().fingerprint(TestKeys.KEY)).isEqualTo(TestKeys.KEY.of(Map.of()));
    Bundle unusual =
        Bundle.of(
            Map.of(
                SecretKey.of("caf\u00e9/\uD83D\uDE00"),
                Secret.of(Map.of("q", "\"\\\n\u20ac")),
                SecretKey.of("a"),
                Secret.of(Map.of())));
    assertThat(unusual.fingerprint(TestKeys.KEY))
        .isEqualTo(TestKeys.KEY.of(unusual.toJsonObject()));
  }

  @Test
  void emptyBundle() {
    assertThat(Bundle.empty().isEmpty()).isTrue();
    assertThat(Bundle.empty().size()).isZero();
    assertThat(Bundle.of(Map.of())).isSameAs(Bundle.empty());
    assertThat(Bundle.empty().get(SecretKey.of("x"))).isNull();
    assertThat(Bundle.empty().toString()).isEqualTo("Bundle[secrets=0]");
  }

  @Test
  void aSecretKeyIsNotTheSameAsANestedField() {
    Bundle slash = Bundle.of(Map.of(SecretKey.of("a/b"), Secret.of(obj())));
    Bundle nested = Bundle.of(Map.of(SecretKey.of("a"), Secret.of(obj("b", obj()))));
    assertThat(slash).isNotEqualTo(nested);
  }

  @Test
  void fingerprintChangesOnAnyValueChange() {
    Map<SecretKey, Secret> base = seedSecrets();
    Fingerprint original = Bundle.of(base).fingerprint(TestKeys.KEY);
    Set<Fingerprint> seen = new HashSet<>();
    seen.add(original);
    int variants = 0;

    for (SecretKey key : base.keySet()) {
      Map<String, Object> data = base.get(key).data();
      for (UnaryOperator<Map<String, Object>> change : changesOf(data)) {
        Map<SecretKey, Secret> copy = new HashMap<>(base);
        copy.put(key, Secret.of(change.apply(data)));
        Fingerprint changed = Bundle.of(copy).fingerprint(TestKeys.KEY);
        assertThat(changed).as("change #%d of %s", variants, key).isNotEqualTo(original);
        assertThat(seen.add(changed)).as("variant #%d of %s is distinct", variants, key).isTrue();
        variants++;
      }
      // Renaming, removing or duplicating a key changes it too.
      Map<SecretKey, Secret> renamed = new HashMap<>(base);
      renamed.put(SecretKey.of(key.path() + "2"), renamed.remove(key));
      assertThat(Bundle.of(renamed).fingerprint(TestKeys.KEY)).isNotEqualTo(original);
      Map<SecretKey, Secret> removed = new HashMap<>(base);
      removed.remove(key);
      assertThat(Bundle.of(removed).fingerprint(TestKeys.KEY)).isNotEqualTo(original);
    }
    Map<SecretKey, Secret> added = new HashMap<>(base);
    added.put(SecretKey.of("zz"), Secret.of(obj()));
    assertThat(Bundle.of(added).fingerprint(TestKeys.KEY)).isNotEqualTo(original);
    assertThat(variants).isGreaterThan(20);
  }

  /** For every leaf (and every container) of {@code data}: a copy with that one part changed. */
  private static List<UnaryOperator<Map<String, Object>>> changesOf(Map<String, Object> data) {
    List<List<Object>> paths = new ArrayList<>();
    collectPaths(data, new ArrayList<>(), paths);
    List<UnaryOperator<Map<String, Object>>> out = new ArrayList<>();
    for (List<Object> path : paths) {
      out.add(d -> replaceAt(d, path, 0, "changed-value"));
      out.add(d -> replaceAt(d, path, 0, null));
    }
    out.add(
        d -> {
          Map<String, Object> copy = new LinkedHashMap<>(d);
          copy.put("zz-new-field", 0);
          return copy;
        });
    return out;
  }

  private static void collectPaths(Object value, List<Object> prefix, List<List<Object>> out) {
    if (value instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            List<Object> p = new ArrayList<>(prefix);
            p.add(k);
            out.add(p);
            collectPaths(v, p, out);
          });
    } else if (value instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        List<Object> p = new ArrayList<>(prefix);
        p.add(i);
        out.add(p);
        collectPaths(l.get(i), p, out);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T replaceAt(Object value, List<Object> path, int i, Object replacement) {
    if (i == path.size()) {
      return (T) replacement;
    }
    Object step = path.get(i);
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
      copy.put((String) step, replaceAt(m.get(step), path, i + 1, replacement));
      return (T) copy;
    }
    List<Object> copy = new ArrayList<>((List<Object>) value);
    int idx = (Integer) step;
    copy.set(idx, replaceAt(copy.get(idx), path, i + 1, replacement));
    return (T) copy;
  }
}
