package dev.secretsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AwsTagRulesTest {

  @Test
  void markerRoundTripsKeysWithSpacesAndAtSigns() {
    List<String> keys = List.of("Cost Center", "a@s", "@@", "team", "x@ y");

    Map<String, String> marker = AwsTagRules.marker(AwsTagRules.TAG_KEYS, keys);

    assertThat(marker).containsOnlyKeys("secretsync:tag-keys");
    assertThat(AwsTagRules.read(AwsTagRules.TAG_KEYS, marker))
        .containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void aChunkIsTheMarkerNameOrTheNameColonDigits() {
    String name = AwsTagRules.TAG_KEYS;
    assertThat(AwsTagRules.isChunk(name, "secretsync:tag-keys")).isTrue();
    assertThat(AwsTagRules.isChunk(name, "secretsync:tag-keys:2")).isTrue();
    assertThat(AwsTagRules.isChunk(name, "secretsync:tag-keys:15")).isTrue();
    assertThat(AwsTagRules.isChunk(name, "secretsync:tag-keys:")).isFalse();
    assertThat(AwsTagRules.isChunk(name, "secretsync:tag-keys:2a")).isFalse();
    assertThat(AwsTagRules.isChunk(name, "secretsync:tag-keys-old")).isFalse();
    assertThat(AwsTagRules.isChunk(name, "secretsync:tag-key")).isFalse();
    assertThat(AwsTagRules.isChunk(name, "team")).isFalse();
    assertThat(AwsTagRules.isChunk(AwsTagRules.REPLICA_REGIONS, "secretsync:tag-keys")).isFalse();
  }

  @Test
  void manyKeysSpreadOverChunksOfAtMost255Characters() {
    List<String> keys = IntStream.range(0, 30).mapToObj(i -> "k".repeat(100) + i).toList();

    Map<String, String> marker = AwsTagRules.marker(AwsTagRules.TAG_KEYS, keys);

    assertThat(marker).hasSize(15).containsKeys("secretsync:tag-keys", "secretsync:tag-keys:15");
    assertThat(marker.values()).allMatch(v -> AwsTagRules.length(v) <= AwsTagRules.MAX_VALUE);
    assertThat(marker.keySet()).allMatch(k -> AwsTagRules.isChunk(AwsTagRules.TAG_KEYS, k));
    assertThat(AwsTagRules.read(AwsTagRules.TAG_KEYS, marker))
        .containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void limitsCountUnicodeCharactersAndRefuseReservedPrefixes() {
    assertThat(AwsTagRules.keyProblem("é".repeat(127))).isNull();
    assertThat(AwsTagRules.keyProblem("é".repeat(128))).contains("1–127");
    assertThat(AwsTagRules.valueProblem("ü".repeat(255))).isNull();
    assertThat(AwsTagRules.valueProblem("ü".repeat(256))).contains("256 characters");
    assertThat(AwsTagRules.keyProblem("Aws:x")).contains("reserved by AWS");
    assertThat(AwsTagRules.keyProblem("secretsync:x")).contains("reserved for ownership");
    assertThat(AwsTagRules.keyProblem("a b+c-d=e.f_g:h/i@j")).isNull();
    assertThat(AwsTagRules.valueProblem("")).isNull();
  }
}
