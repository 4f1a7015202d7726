package dev.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.testkit.TestKeys;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeepMergeTest {

  /** analytics/config/database from {@code fixtures/secrets_seed.json}. */
  private static Map<String, Object> analyticsDatabase() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", "analytics-db.internal");
    m.put("port", 5432);
    m.put("database", "analytics");
    m.put("ssl", true);
    m.put("pool_size", 10);
    m.put("tags", List.of("analytics", "database"));
    return m;
  }

  /** data-engineers/config/database from {@code fixtures/secrets_seed.json}. */
  private static Map<String, Object> engineersDatabase() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", "engineers-db.internal");
    m.put("port", 5433);
    m.put("database", "engineering");
    m.put("ssl", true);
    m.put("pool_size", 20);
    m.put("tags", List.of("engineering", "database", "extra-tag"));
    return m;
  }

  @Test
  void seedExampleStagingConfigDatabase() {
    Map<String, Object> merged = DeepMerge.mergeObjects(analyticsDatabase(), engineersDatabase());

    assertThat(merged)
        .containsEntry("host", "engineers-db.internal")
        .containsEntry("port", 5433)
        .containsEntry("database", "engineering")
        .containsEntry("ssl", true)
        .containsEntry("pool_size", 20)
        .hasSize(6);
    assertThat(merged.get("tags"))
        .isEqualTo(List.of("analytics", "database", "engineering", "database", "extra-tag"));
    assertThat(CanonicalJson.write(merged))
        .isEqualTo(
            "{\"database\":\"engineering\",\"host\":\"engineers-db.internal\",\"pool_size\":20,"
                + "\"port\":5433,\"ssl\":true,"
                + "\"tags\":[\"analytics\",\"database\",\"engineering\",\"database\",\"extra-tag\"]}");
  }

  @Test
  void seedExampleThroughBundles() {
    SecretKey db = SecretKey.of("config/database");
    SecretKey api = SecretKey.of("config/api");
    SecretKey tools = SecretKey.of("config/tools");
    Bundle analytics =
        Bundle.of(
            Map.of(
                db, Secret.of(analyticsDatabase()),
                api, Secret.of(Map.of("base_url", "https://api.analytics.internal"))));
    Bundle engineers =
        Bundle.of(
            Map.of(
                db,
                Secret.of(engineersDatabase()),
                tools,
                Secret.of(Map.of("spark_config", Map.of("partitions", 200)))));

    Bundle staging = DeepMerge.merge(List.of(analytics, engineers));

    assertThat(staging.secrets().keySet()).containsExactly(api, db, tools);
    assertThat(staging.get(db).data().get("tags"))
        .isEqualTo(List.of("analytics", "database", "engineering", "database", "extra-tag"));
    assertThat(staging.get(db).data()).containsEntry("port", 5433).containsEntry("pool_size", 20);
    assertThat(staging.get(api)).isEqualTo(analytics.get(api));
    assertThat(staging.get(tools)).isEqualTo(engineers.get(tools));

    // Production inherits Staging; Demo inherits Production: unchanged through the chain.
    Bundle production = DeepMerge.merge(List.of(staging));
    Bundle demo = DeepMerge.merge(List.of(production));
    assertThat(demo).isEqualTo(staging);
    assertThat(demo.fingerprint(TestKeys.KEY)).isEqualTo(staging.fingerprint(TestKeys.KEY));
  }

  @Test
  void orderMattersForScalarsAndLists() {
    Map<String, Object> reversed = DeepMerge.mergeObjects(engineersDatabase(), analyticsDatabase());
    assertThat(reversed).containsEntry("host", "analytics-db.internal").containsEntry("port", 5432);
    assertThat(reversed.get("tags"))
        .isEqualTo(List.of("engineering", "database", "extra-tag", "analytics", "database"));
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // name, earlier, later, expected canonical JSON
        Arguments.of("scalar: later wins", 1, 2, "2"),
        Arguments.of("string over number", 1, "one", "\"one\""),
        Arguments.of("number over string", "one", 1, "1"),
        Arguments.of("bool over string", "x", false, "false"),
        Arguments.of("null later keeps scalar", "keep", null, "\"keep\""),
        Arguments.of("null later keeps map", Map.of("a", 1), null, "{\"a\":1}"),
        Arguments.of("null later keeps list", List.of(1), null, "[1]"),
        Arguments.of("null earlier, later wins", null, "v", "\"v\""),
        Arguments.of("null earlier, later map", null, Map.of("a", 1), "{\"a\":1}"),
        Arguments.of("both null", null, null, "null"),
        Arguments.of("lists append", List.of(1, 2), List.of(2, 3), "[1,2,2,3]"),
        Arguments.of("empty lists", List.of(), List.of(), "[]"),
        Arguments.of("empty + list", List.of(), List.of("a"), "[\"a\"]"),
        Arguments.of("list + empty", List.of("a"), List.of(), "[\"a\"]"),
        Arguments.of(
            "list of maps appends, no merge",
            List.of(m("a", 1)),
            List.of(m("a", 2)),
            "[{\"a\":1},{\"a\":2}]"),
        Arguments.of("map vs list: list wins", Map.of("a", 1), List.of(1), "[1]"),
        Arguments.of("list vs map: map wins", List.of(1), Map.of("a", 1), "{\"a\":1}"),
        Arguments.of("map vs scalar: scalar wins", Map.of("a", 1), "s", "\"s\""),
        Arguments.of("scalar vs map: map wins", "s", Map.of("a", 1), "{\"a\":1}"),
        Arguments.of("list vs scalar: scalar wins", List.of(1, 2), 3, "3"),
        Arguments.of("scalar vs list: list wins", 3, List.of(1, 2), "[1,2]"),
        Arguments.of("empty map vs list", Map.of(), List.of(), "[]"),
        Arguments.of("maps merge", Map.of("a", 1), Map.of("b", 2), "{\"a\":1,\"b\":2}"),
        Arguments.of(
            "nested maps merge",
            m("a", m("x", 1, "y", List.of("p"))),
            m("a", m("y", List.of("q"), "z", true)),
            "{\"a\":{\"x\":1,\"y\":[\"p\",\"q\"],\"z\":true}}"),
        Arguments.of(
            "nested type conflict later wins",
            m("a", m("x", m("deep", 1))),
            m("a", m("x", List.of("flat"))),
            "{\"a\":{\"x\":[\"flat\"]}}"),
        Arguments.of(
            "null field keeps earlier field", m("a", 1, "b", 2), m("a", null), "{\"a\":1,\"b\":2}"),
        Arguments.of(
            "null field for a new key is kept as null",
            m("a", 1),
            m("b", null),
            "{\"a\":1,\"b\":null}"),
        Arguments.of(
            "nested null keeps nested earlier",
            m("a", m("x", List.of(1))),
            m("a", m("x", null, "y", 2)),
            "{\"a\":{\"x\":[1],\"y\":2}}"),
        Arguments.of("numbers 1 then 1.0", 1, 1.0, "1"),
        Arguments.of("big decimal later", 1, new BigDecimal("2.50"), "2.5"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void mergeTable(String name, Object earlier, Object later, String expected) {
    Object merged = DeepMerge.merge(earlier, later);
    assertThat(CanonicalJson.write(merged)).isEqualTo(expected);
    DeepMergeProperties.assertDeeplyUnmodifiable(merged);
  }

  @Test
  void typeConflictsMakeMergeOrderDependentInGrouping() {
    // A documented consequence of "type conflicts: the later value wins" combined with "lists
    // append": merge([1], "x", [2]) is [2] when grouped left, [1,2] when grouped right.
    List<Object> a = List.of(1);
    String b = "x";
    List<Object> c = List.of(2);
    assertThat(DeepMerge.merge(DeepMerge.merge(a, b), c)).isEqualTo(List.of(2));
    assertThat(DeepMerge.merge(a, DeepMerge.merge(b, c))).isEqualTo(List.of(1, 2));
  }

  @Test
  void mergeObjectsKeepsEarlierKeyOrderThenNewKeys() {
    Map<String, Object> merged = DeepMerge.mergeObjects(m("z", 1, "a", 2), m("m", 3, "z", 4));
    assertThat(merged.keySet()).containsExactly("z", "a", "m");
    assertThat(merged).containsEntry("z", 4);
  }

  @Test
  void doesNotMutateMutableInputs() {
    Map<String, Object> earlier = new HashMap<>();
    List<Object> tags = new ArrayList<>(List.of("a"));
    earlier.put("tags", tags);
    earlier.put("nested", new HashMap<>(Map.of("k", "v")));
    Map<String, Object> later = new HashMap<>();
    later.put("tags", new ArrayList<>(List.of("b")));
    later.put("nested", new HashMap<>(Map.of("k", "w")));

    Map<String, Object> merged = DeepMerge.mergeObjects(earlier, later);

    assertThat(tags).containsExactly("a");
    assertThat(earlier.get("nested")).isEqualTo(Map.of("k", "v"));
    assertThat(later.get("nested")).isEqualTo(Map.of("k", "w"));
    tags.add("late");
    assertThat(merged.get("tags")).isEqualTo(List.of("a", "b"));
  }

  @Test
  void resultIsUnmodifiable() {
    Map<String, Object> merged =
        DeepMerge.mergeObjects(m("a", m("b", List.of(1))), m("c", List.of(m("d", 1))));
    assertThatThrownBy(() -> merged.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    DeepMergeProperties.assertDeeplyUnmodifiable(merged);
  }

  @Test
  void secretMerge() {
    Secret merged =
        DeepMerge.merge(
            Secret.of(m("a", 1, "l", List.of("x"))), Secret.of(m("b", 2, "l", List.of("y"))));
    assertThat(merged.canonicalJson()).isEqualTo("{\"a\":1,\"b\":2,\"l\":[\"x\",\"y\"]}");
  }

  @Test
  void bundleMergeOfNothingIsEmpty() {
    assertThat(DeepMerge.merge(List.<Bundle>of())).isEqualTo(Bundle.empty());
    assertThat(DeepMerge.merge(List.of(Bundle.empty(), Bundle.empty())).isEmpty()).isTrue();
  }

  @Test
  void bundleMergeThreeLayers() {
    SecretKey k = SecretKey.of("k");
    Bundle b1 = Bundle.of(Map.of(k, Secret.of(m("v", 1, "l", List.of(1)))));
    Bundle b2 = Bundle.of(Map.of(k, Secret.of(m("v", 2, "l", List.of(2)))));
    Bundle b3 = Bundle.of(Map.of(k, Secret.of(m("v", 3, "l", List.of(3)))));
    Bundle merged = DeepMerge.merge(List.of(b1, b2, b3));
    assertThat(merged.get(k).canonicalJson()).isEqualTo("{\"l\":[1,2,3],\"v\":3}");
  }

  /** A mutable LinkedHashMap from alternating keys and values (values may be null). */
  static Map<String, Object> m(Object... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put((String) kv[i], kv[i + 1]);
    }
    return out;
  }
}
