package dev.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.testkit.TestKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of {@link DeepMerge} over random JSON-like values (nested maps, lists, strings, longs,
 * doubles, booleans and nulls, bounded depth and size). Seeds are fixed so that runs are
 * deterministic.
 */
class DeepMergeProperties {
  private static final int DEPTH = 3;
  private static final Object ABSENT = new Object();

  // ---------------------------------------------------------------- associativity

  /**
   * Associativity holds whenever the values agree on the shape (map / list / scalar) at each path,
   * nulls allowed anywhere. With type conflicts it cannot hold under the documented rules, see
   * {@link DeepMergeTest}.
   */
  @Property(tries = 300, seed = "20240501")
  void mergeIsAssociativeForShapeCompatibleValues(
      @ForAll("compatibleObjects") Map<String, Object> a,
      @ForAll("compatibleObjects") Map<String, Object> b,
      @ForAll("compatibleObjects") Map<String, Object> c) {
    Object left = DeepMerge.merge(DeepMerge.merge(a, b), c);
    Object right = DeepMerge.merge(a, DeepMerge.merge(b, c));
    assertThat(CanonicalJson.write(left)).isEqualTo(CanonicalJson.write(right));
  }

  @Property(tries = 200, seed = "20240502")
  void listAppendIsAssociative(
      @ForAll("lists") List<Object> a,
      @ForAll("lists") List<Object> b,
      @ForAll("lists") List<Object> c) {
    Object left = DeepMerge.merge(DeepMerge.merge(a, b), c);
    Object right = DeepMerge.merge(a, DeepMerge.merge(b, c));
    assertThat(left).isEqualTo(right);
    assertThat(CanonicalJson.write(left)).isEqualTo(CanonicalJson.write(right));
  }

  @Property(tries = 200, seed = "20240503")
  void mapsOfListsMergeAssociatively(
      @ForAll("objectsOfLists") Map<String, Object> a,
      @ForAll("objectsOfLists") Map<String, Object> b,
      @ForAll("objectsOfLists") Map<String, Object> c) {
    Object left = DeepMerge.mergeObjects(DeepMerge.mergeObjects(a, b), c);
    Object right = DeepMerge.mergeObjects(a, DeepMerge.mergeObjects(b, c));
    assertThat(CanonicalJson.write(left)).isEqualTo(CanonicalJson.write(right));
  }

  @Property(tries = 200, seed = "20240504")
  void scalarsAndNullsMergeAssociatively(
      @ForAll("values") Object a, @ForAll("scalars") Object b, @ForAll("scalars") Object c) {
    // b and c are scalars or null: later non-null wins, so both groupings agree.
    Object left = DeepMerge.merge(DeepMerge.merge(a, b), c);
    Object right = DeepMerge.merge(a, DeepMerge.merge(b, c));
    assertThat(CanonicalJson.write(left)).isEqualTo(CanonicalJson.write(right));
  }

  // ---------------------------------------------------------------- purity

  @Property(tries = 300, seed = "20240505")
  void inputsAreNeverMutated(
      @ForAll("objects") Map<String, Object> a, @ForAll("objects") Map<String, Object> b) {
    Object aCopy = deepCopy(a);
    Object bCopy = deepCopy(b);
    String aJson = CanonicalJson.write(a);
    String bJson = CanonicalJson.write(b);

    DeepMerge.merge(a, b);
    DeepMerge.mergeObjects(b, a);

    assertThat(a).isEqualTo(aCopy);
    assertThat(b).isEqualTo(bCopy);
    assertThat(CanonicalJson.write(a)).isEqualTo(aJson);
    assertThat(CanonicalJson.write(b)).isEqualTo(bJson);
  }

  @Property(tries = 200, seed = "20240506")
  void resultSharesNoMutableStructureWithInputs(
      @ForAll("objects") Map<String, Object> a, @ForAll("objects") Map<String, Object> b) {
    @SuppressWarnings("unchecked")
    Map<String, Object> mutableA = (Map<String, Object>) deepCopy(a);
    @SuppressWarnings("unchecked")
    Map<String, Object> mutableB = (Map<String, Object>) deepCopy(b);
    Object merged = DeepMerge.merge(mutableA, mutableB);
    String before = CanonicalJson.write(merged);

    scramble(mutableA);
    scramble(mutableB);

    assertThat(CanonicalJson.write(merged)).isEqualTo(before);
  }

  @Property(tries = 200, seed = "20240507")
  void resultIsDeeplyUnmodifiable(
      @ForAll("objects") Map<String, Object> a, @ForAll("objects") Map<String, Object> b) {
    assertDeeplyUnmodifiable(DeepMerge.merge(a, b));
    assertDeeplyUnmodifiable(DeepMerge.mergeObjects(a, b));
  }

  @Property(tries = 200, seed = "20240508")
  void mergeOfListsIsDeeplyUnmodifiable(
      @ForAll("lists") List<Object> a, @ForAll("lists") List<Object> b) {
    assertDeeplyUnmodifiable(DeepMerge.merge(a, b));
  }

  // ---------------------------------------------------------------- the rules

  @Property(tries = 300, seed = "20240509")
  void laterScalarWins(@ForAll("values") Object earlier, @ForAll("nonNullScalars") Object later) {
    assertThat(DeepMerge.merge(earlier, later)).isEqualTo(later);
  }

  @Property(tries = 300, seed = "20240510")
  void laterScalarWinsInsideObjects(
      @ForAll("objects") Map<String, Object> a,
      @ForAll("objects") Map<String, Object> b,
      @ForAll("keys") String key,
      @ForAll("nonNullScalars") Object scalar) {
    Map<String, Object> later = new LinkedHashMap<>(b);
    later.put(key, scalar);
    Map<String, Object> merged = DeepMerge.mergeObjects(a, later);
    assertThat(merged.get(key)).isEqualTo(scalar);
  }

  @Property(tries = 300, seed = "20240511")
  void nullInLaterKeepsEarlier(@ForAll("values") Object earlier) {
    Object merged = DeepMerge.merge(earlier, null);
    assertThat(CanonicalJson.write(merged)).isEqualTo(CanonicalJson.write(earlier));
    assertThat(merged).isEqualTo(earlier);
  }

  @Property(tries = 300, seed = "20240512")
  void nullFieldInLaterObjectKeepsEarlierField(
      @ForAll("objects") Map<String, Object> a, @ForAll("keys") String key) {
    Map<String, Object> later = new LinkedHashMap<>();
    later.put(key, null);
    Map<String, Object> merged = DeepMerge.mergeObjects(a, later);
    if (a.containsKey(key)) {
      assertThat(CanonicalJson.write(merged.get(key))).isEqualTo(CanonicalJson.write(a.get(key)));
    }
    assertThat(merged.containsKey(key)).isTrue();
    Map<String, Object> withoutKey = new LinkedHashMap<>(merged);
    withoutKey.remove(key);
    Map<String, Object> aWithoutKey = new LinkedHashMap<>(a);
    aWithoutKey.remove(key);
    assertThat(CanonicalJson.write(withoutKey)).isEqualTo(CanonicalJson.write(aWithoutKey));
  }

  @Property(tries = 300, seed = "20240513")
  void listsAppendEarlierFirstKeepingDuplicates(
      @ForAll("lists") List<Object> a, @ForAll("lists") List<Object> b) {
    List<Object> expected = new ArrayList<>(a);
    expected.addAll(b);
    Object merged = DeepMerge.merge(a, b);
    assertThat(merged).isInstanceOf(List.class);
    assertThat((List<?>) merged).hasSize(a.size() + b.size());
    assertThat(merged).isEqualTo(expected);
  }

  @Property(tries = 200, seed = "20240514")
  void listMergedWithItselfHasEveryElementTwice(@ForAll("lists") List<Object> a) {
    List<Object> expected = new ArrayList<>(a);
    expected.addAll(a);
    assertThat(DeepMerge.merge(a, a)).isEqualTo(expected);
  }

  @Property(tries = 300, seed = "20240515")
  void keysOfTheResultAreTheUnionOfTheInputs(
      @ForAll("objects") Map<String, Object> a, @ForAll("objects") Map<String, Object> b) {
    Map<String, Object> merged = DeepMerge.mergeObjects(a, b);
    assertThat(merged.keySet()).containsAll(a.keySet()).containsAll(b.keySet());
    assertThat(merged).hasSize(union(a, b).size());
  }

  @Property(tries = 300, seed = "20240516")
  void keysOnlyInOneSideAreCopiedAsTheyAre(
      @ForAll("objects") Map<String, Object> a, @ForAll("objects") Map<String, Object> b) {
    Map<String, Object> merged = DeepMerge.mergeObjects(a, b);
    for (String k : a.keySet()) {
      if (!b.containsKey(k)) {
        assertThat(CanonicalJson.write(merged.get(k))).isEqualTo(CanonicalJson.write(a.get(k)));
      }
    }
    for (String k : b.keySet()) {
      if (!a.containsKey(k)) {
        assertThat(CanonicalJson.write(merged.get(k))).isEqualTo(CanonicalJson.write(b.get(k)));
      }
    }
  }

  @Property(tries = 300, seed = "20240517")
  void mergeWithEmptyMapIsIdentity(@ForAll("objects") Map<String, Object> a) {
    Map<String, Object> right = DeepMerge.mergeObjects(a, Map.of());
    Map<String, Object> left = DeepMerge.mergeObjects(Map.of(), a);
    assertThat(CanonicalJson.write(right)).isEqualTo(CanonicalJson.write(a));
    assertThat(CanonicalJson.write(left)).isEqualTo(CanonicalJson.write(a));
    assertThat(right).isEqualTo(a);
    assertThat(DeepMerge.merge(a, Map.of())).isEqualTo(a);
  }

  @Property(tries = 200, seed = "20240518")
  void mergeOfCompatibleObjectsIsAMap(
      @ForAll("objects") Map<String, Object> a, @ForAll("objects") Map<String, Object> b) {
    assertThat(DeepMerge.merge(a, b)).isInstanceOf(Map.class);
    assertThat(CanonicalJson.write(DeepMerge.merge(a, b)))
        .isEqualTo(CanonicalJson.write(DeepMerge.mergeObjects(a, b)));
  }

  @Property(tries = 200, seed = "20240519")
  void secretMergeAgreesWithObjectMerge(
      @ForAll("objects") Map<String, Object> a, @ForAll("objects") Map<String, Object> b) {
    Secret merged = DeepMerge.merge(Secret.of(a), Secret.of(b));
    assertThat(merged.canonicalJson()).isEqualTo(CanonicalJson.write(DeepMerge.mergeObjects(a, b)));
  }

  // ---------------------------------------------------------------- bundles

  @Property(tries = 200, seed = "20240520")
  void bundleMergeIsPerKeyMergeInLayerOrder(@ForAll("bundleLayers") List<Bundle> layers) {
    Bundle merged = DeepMerge.merge(layers);

    Map<SecretKey, Map<String, Object>> expected = new TreeMap<>();
    for (Bundle layer : layers) {
      layer
          .secrets()
          .forEach(
              (key, secret) ->
                  expected.merge(key, secret.data(), (x, y) -> DeepMerge.mergeObjects(x, y)));
    }

    assertThat(merged.secrets().keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach(
        (key, data) ->
            assertThat(merged.get(key).canonicalJson()).isEqualTo(CanonicalJson.write(data)));
    assertThat(merged.fingerprint(TestKeys.KEY)).isEqualTo(TestKeys.KEY.of(merged.toJsonObject()));
  }

  @Property(tries = 150, seed = "20240521")
  void bundleMergeIsAssociativeForCompatibleLayers(
      @ForAll("compatibleBundles") Bundle a,
      @ForAll("compatibleBundles") Bundle b,
      @ForAll("compatibleBundles") Bundle c) {
    Bundle left = DeepMerge.merge(List.of(DeepMerge.merge(List.of(a, b)), c));
    Bundle right = DeepMerge.merge(List.of(a, DeepMerge.merge(List.of(b, c))));
    Bundle flat = DeepMerge.merge(List.of(a, b, c));
    assertThat(left).isEqualTo(right).isEqualTo(flat);
    assertThat(left.fingerprint(TestKeys.KEY)).isEqualTo(flat.fingerprint(TestKeys.KEY));
  }

  @Property(tries = 100, seed = "20240522")
  void bundleMergeWithEmptyBundlesIsIdentity(@ForAll("bundles") Bundle a) {
    assertThat(DeepMerge.merge(List.of(a))).isEqualTo(a);
    assertThat(DeepMerge.merge(List.of(Bundle.empty(), a, Bundle.empty()))).isEqualTo(a);
  }

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.of("a", "b", "c", "d", "tags");
  }

  @Provide
  Arbitrary<Object> scalars() {
    return scalar().injectNull(0.2);
  }

  @Provide
  Arbitrary<Object> nonNullScalars() {
    return scalar();
  }

  @Provide
  Arbitrary<Object> values() {
    return value(DEPTH);
  }

  @Provide
  Arbitrary<Map<String, Object>> objects() {
    return object(DEPTH);
  }

  @Provide
  Arbitrary<List<Object>> lists() {
    return list(DEPTH - 1);
  }

  @Provide
  Arbitrary<Map<String, Object>> objectsOfLists() {
    return Arbitraries.maps(keys(), list(1).injectNull(0.1).map(l -> (Object) l)).ofMaxSize(4);
  }

  @Provide
  Arbitrary<Map<String, Object>> compatibleObjects() {
    return compatibleObject(DEPTH);
  }

  @Provide
  Arbitrary<List<Bundle>> bundleLayers() {
    return bundles().list().ofMinSize(0).ofMaxSize(4);
  }

  @Provide
  Arbitrary<Bundle> bundles() {
    return bundleOf(object(2));
  }

  @Provide
  Arbitrary<Bundle> compatibleBundles() {
    return bundleOf(compatibleObject(2));
  }

  private static Arbitrary<Bundle> bundleOf(Arbitrary<Map<String, Object>> secrets) {
    Arbitrary<SecretKey> secretKeys =
        Arbitraries.of("config/database", "config/api", "app.config", "a/b.c/d").map(SecretKey::of);
    return Arbitraries.maps(secretKeys, secrets.map(Secret::of))
        .ofMaxSize(3)
        .map(m -> Bundle.of(m));
  }

  private static Arbitrary<Object> scalar() {
    return Arbitraries.<Object>oneOf(
        Arbitraries.strings().withCharRange('a', 'e').ofMaxLength(3),
        Arbitraries.strings().all().ofMaxLength(4),
        Arbitraries.longs().between(-3, 3),
        Arbitraries.longs(),
        Arbitraries.doubles().between(-1e6, 1e6).ofScale(2),
        Arbitraries.of(true, false));
  }

  private Arbitrary<Object> value(int depth) {
    Arbitrary<Object> leaf = scalar().injectNull(0.1);
    if (depth <= 0) {
      return leaf;
    }
    return Arbitraries.frequencyOf(
        Tuple.of(3, leaf),
        Tuple.of(1, list(depth - 1).map(l -> (Object) l)),
        Tuple.of(2, object(depth - 1).map(m -> (Object) m)));
  }

  private Arbitrary<List<Object>> list(int depth) {
    return value(depth).list().ofMaxSize(4);
  }

  private Arbitrary<Map<String, Object>> object(int depth) {
    return Arbitraries.maps(keys(), value(depth)).ofMaxSize(4);
  }

  /**
   * Objects whose shape is fixed by the key: {@code s*} scalars, {@code l*} lists (of anything),
   * {@code m*} objects of the same kind. Any field may be absent or null.
   */
  private Arbitrary<Map<String, Object>> compatibleObject(int depth) {
    List<String> names = new ArrayList<>(List.of("s1", "s2", "l1", "l2"));
    if (depth > 0) {
      names.addAll(List.of("m1", "m2"));
    }
    List<Arbitrary<Object>> fields = new ArrayList<>();
    for (String name : names) {
      Arbitrary<Object> v =
          switch (name.charAt(0)) {
            case 's' -> scalar();
            case 'l' -> list(1).map(l -> (Object) l);
            default -> compatibleObject(depth - 1).map(m -> (Object) m);
          };
      fields.add(
          Arbitraries.frequencyOf(
              Tuple.of(2, Arbitraries.just(ABSENT)),
              Tuple.of(1, Arbitraries.just((Object) null)),
              Tuple.of(4, v)));
    }
    return Combinators.combine(fields)
        .as(
            vs -> {
              Map<String, Object> m = new LinkedHashMap<>();
              for (int i = 0; i < names.size(); i++) {
                if (vs.get(i) != ABSENT) {
                  m.put(names.get(i), vs.get(i));
                }
              }
              return m;
            });
  }

  // ---------------------------------------------------------------- helpers

  static Object deepCopy(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, x) -> copy.put((String) k, deepCopy(x)));
      return copy;
    }
    if (v instanceof List<?> l) {
      List<Object> copy = new ArrayList<>();
      l.forEach(x -> copy.add(deepCopy(x)));
      return copy;
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private static void scramble(Object v) {
    if (v instanceof Map<?, ?> m) {
      m.values().forEach(DeepMergeProperties::scramble);
      Map<String, Object> map = (Map<String, Object>) m;
      map.replaceAll((k, x) -> "scrambled");
      map.put("zz-added", "scrambled");
    } else if (v instanceof List<?> l) {
      l.forEach(DeepMergeProperties::scramble);
      List<Object> list = (List<Object>) l;
      list.replaceAll(x -> "scrambled");
      list.add("scrambled");
    }
  }

  @SuppressWarnings("unchecked")
  static void assertDeeplyUnmodifiable(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> map = (Map<String, Object>) m;
      assertThatThrownBy(() -> map.put("zz-new", 1))
          .isInstanceOf(UnsupportedOperationException.class);
      if (!map.isEmpty()) {
        String k = map.keySet().iterator().next();
        assertThatThrownBy(() -> map.remove(k)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().next().setValue(1))
            .isInstanceOf(UnsupportedOperationException.class);
      }
      map.values().forEach(DeepMergeProperties::assertDeeplyUnmodifiable);
    } else if (v instanceof List<?> l) {
      List<Object> list = (List<Object>) l;
      assertThatThrownBy(() -> list.add(1)).isInstanceOf(UnsupportedOperationException.class);
      if (!list.isEmpty()) {
        assertThatThrownBy(() -> list.set(0, 1)).isInstanceOf(UnsupportedOperationException.class);
      }
      list.forEach(DeepMergeProperties::assertDeeplyUnmodifiable);
    }
  }

  private static java.util.Set<String> union(Map<String, ?> a, Map<String, ?> b) {
    java.util.Set<String> keys = new java.util.HashSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }
}
