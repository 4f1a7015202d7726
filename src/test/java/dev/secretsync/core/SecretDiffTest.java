package dev.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.secretsync.core.FieldChange.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretDiffTest {

  private static Secret s(Object... kv) {
    return Secret.of(DeepMergeTest.m(kv));
  }

  private static List<FieldChange> diff(Secret a, Secret b) {
    return SecretDiff.between(a, b);
  }

  @Test
  void identicalSecretsHaveNoDifferences() {
    Secret a = s("a", 1, "b", List.of(1, 2), "c", DeepMergeTest.m("d", "e"));
    assertThat(diff(a, a)).isEmpty();
    assertThat(diff(s(), s())).isEmpty();
  }

  @Test
  void addedRemovedChangedAtTopLevel() {
    List<FieldChange> d =
        diff(s("keep", 1, "gone", "x", "edit", "old"), s("keep", 1, "edit", "new", "fresh", true));
    assertThat(d)
        .extracting(FieldChange::path, FieldChange::kind, FieldChange::before, FieldChange::after)
        .containsExactly(
            tuple("edit", Kind.CHANGED, "old", "new"),
            tuple("fresh", Kind.ADDED, null, true),
            tuple("gone", Kind.REMOVED, "x", null));
  }

  @Test
  void nestedPathsUseDots() {
    Secret before =
        s(
            "spark_config",
            DeepMergeTest.m("partitions", 200, "driver", DeepMergeTest.m("mem", "2g")));
    Secret after =
        s(
            "spark_config",
            DeepMergeTest.m("partitions", 400, "driver", DeepMergeTest.m("mem", "2g", "cores", 2)));
    assertThat(diff(before, after))
        .extracting(FieldChange::path, FieldChange::kind)
        .containsExactly(
            tuple("spark_config.driver.cores", Kind.ADDED),
            tuple("spark_config.partitions", Kind.CHANGED));
  }

  @Test
  void listIndexesUseBrackets() {
    Secret before = s("tags", List.of("analytics", "database"));
    Secret after = s("tags", List.of("analytics", "db", "engineering"));
    assertThat(diff(before, after))
        .extracting(FieldChange::path, FieldChange::kind, FieldChange::before, FieldChange::after)
        .containsExactly(
            tuple("tags[1]", Kind.CHANGED, "database", "db"),
            tuple("tags[2]", Kind.ADDED, null, "engineering"));
    assertThat(diff(after, before))
        .extracting(FieldChange::path, FieldChange::kind)
        .containsExactly(tuple("tags[1]", Kind.CHANGED), tuple("tags[2]", Kind.REMOVED));
  }

  @Test
  void seedMergeDiff() {
    Secret analytics =
        s(
            "host",
            "analytics-db.internal",
            "port",
            5432,
            "database",
            "analytics",
            "ssl",
            true,
            "pool_size",
            10,
            "tags",
            List.of("analytics", "database"));
    Secret merged =
        s(
            "host",
            "engineers-db.internal",
            "port",
            5433,
            "database",
            "engineering",
            "ssl",
            true,
            "pool_size",
            20,
            "tags",
            List.of("analytics", "database", "engineering", "database", "extra-tag"));
    assertThat(diff(analytics, merged))
        .extracting(FieldChange::path, FieldChange::kind)
        .containsExactly(
            tuple("database", Kind.CHANGED),
            tuple("host", Kind.CHANGED),
            tuple("pool_size", Kind.CHANGED),
            tuple("port", Kind.CHANGED),
            tuple("tags[2]", Kind.ADDED),
            tuple("tags[3]", Kind.ADDED),
            tuple("tags[4]", Kind.ADDED));
  }

  @Test
  void listsOfObjectsCombineIndexesAndDots() {
    Secret before =
        s("items", List.of(DeepMergeTest.m("name", "a", "v", 1), DeepMergeTest.m("name", "b")));
    Secret after =
        s("items", List.of(DeepMergeTest.m("name", "a", "v", 2), DeepMergeTest.m("name", "b")));
    assertThat(diff(before, after))
        .extracting(FieldChange::path, FieldChange::kind, FieldChange::before, FieldChange::after)
        .containsExactly(tuple("items[0].v", Kind.CHANGED, 1, 2));
    Secret nestedLists = s("m", List.of(List.of(1, 2)));
    Secret nestedLists2 = s("m", List.of(List.of(1, 3)));
    assertThat(diff(nestedLists, nestedLists2))
        .extracting(FieldChange::path)
        .containsExactly("m[0][1]");
  }

  @Test
  void equalNumbersInDifferentFormsAreNotChanges() {
    assertThat(diff(s("n", 1), s("n", 1.0))).isEmpty();
    assertThat(diff(s("n", 1L), s("n", new BigDecimal("1.00")))).isEmpty();
    assertThat(diff(s("n", BigInteger.TWO), s("n", 2))).isEmpty();
    assertThat(diff(s("n", 0), s("n", -0.0))).isEmpty();
    assertThat(diff(s("l", List.of(1, 2.5)), s("l", List.of(1.0, new BigDecimal("2.50")))))
        .isEmpty();
    assertThat(diff(s("n", 1), s("n", 1.5)))
        .extracting(FieldChange::path, FieldChange::kind)
        .containsExactly(tuple("n", Kind.CHANGED));
  }

  @Test
  void numberVersusStringOrBooleanIsAChange() {
    assertThat(diff(s("n", 1), s("n", "1")))
        .extracting(FieldChange::kind)
        .containsExactly(Kind.CHANGED);
    assertThat(diff(s("b", true), s("b", "true")))
        .extracting(FieldChange::kind)
        .containsExactly(Kind.CHANGED);
  }

  @Test
  void typeChangesAreReportedAtTheField() {
    Secret before = s("x", DeepMergeTest.m("deep", 1), "y", List.of(1), "z", "scalar");
    Secret after = s("x", "flat", "y", DeepMergeTest.m("k", 1), "z", List.of("scalar"));
    assertThat(diff(before, after))
        .extracting(FieldChange::path, FieldChange::kind)
        .containsExactly(
            tuple("x", Kind.CHANGED), tuple("y", Kind.CHANGED), tuple("z", Kind.CHANGED));
    assertThat(diff(s("x", DeepMergeTest.m("a", 1)), s("x", 1)))
        .extracting(FieldChange::path, FieldChange::kind)
        .containsExactly(tuple("x", Kind.CHANGED));
  }

  @Test
  void nullValues() {
    assertThat(diff(s("a", null), s("a", null))).isEmpty();
    assertThat(diff(s("a", null), s("a", 1)))
        .extracting(FieldChange::path, FieldChange::kind, FieldChange::before, FieldChange::after)
        .containsExactly(tuple("a", Kind.CHANGED, null, 1));
    assertThat(diff(s("a", 1), s("a", null)))
        .extracting(FieldChange::kind)
        .containsExactly(Kind.CHANGED);
    assertThat(diff(s("a", null), s()))
        .extracting(FieldChange::path, FieldChange::kind)
        .containsExactly(tuple("a", Kind.REMOVED));
    assertThat(diff(s(), s("a", null)))
        .extracting(FieldChange::path, FieldChange::kind)
        .containsExactly(tuple("a", Kind.ADDED));
  }

  @Test
  void wholeSubtreesAddedOrRemovedAreOneChange() {
    Map<String, Object> tree = DeepMergeTest.m("a", DeepMergeTest.m("b", List.of(1, 2)));
    assertThat(diff(s(), Secret.of(tree)))
        .extracting(FieldChange::path, FieldChange::kind, FieldChange::after)
        .containsExactly(tuple("a", Kind.ADDED, tree.get("a")));
  }

  @Test
  void resultIsSortedByKeyAndUnmodifiable() {
    List<FieldChange> d = diff(s("b", 1, "a", 1, "c", 1), s("c", 2, "a", 2, "b", 2));
    assertThat(d).extracting(FieldChange::path).containsExactly("a", "b", "c");
    assertThatThrownBy(() -> d.add(null)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void fieldChangeToStringShowsNoValues() {
    List<FieldChange> d =
        diff(s("password", "old-DISTINCTIVE-1"), s("password", "new-DISTINCTIVE-2"));
    assertThat(d).hasSize(1);
    assertThat(d.get(0).toString())
        .isEqualTo("FieldChange[password CHANGED]")
        .doesNotContain("DISTINCTIVE");
    assertThat(d.toString()).doesNotContain("DISTINCTIVE");
  }
}
