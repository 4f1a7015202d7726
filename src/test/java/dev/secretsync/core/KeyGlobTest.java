package dev.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The documented glob semantics on bundle keys, and the key filter that combines them. */
class KeyGlobTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "legacy/*, legacy/db, true",
    "legacy/*, legacy/a/db, false",
    "legacy/*, legacy, false",
    "**/test/**, test/db, true",
    "**/test/**, app/test/db, true",
    "**/test/**, app/test/x/y, true",
    "**/test/**, app/test, false",
    "**/test/**, app/testing/db, false",
    "**/db, db, true",
    "**/db, a/b/db, true",
    "a/**/b, a/b, true",
    "a/**/b, a/x/y/b, true",
    "a/**/b, a/xb, false",
    "a/**/**/b, a/x/b, true",
    "**, anything/at/all, true",
    "config/d?, config/db, true",
    "config/d?, config/d/b, false",
    "config/[ab]*, config/app, true",
    "config/[!ab]*, config/app, false",
    "config/[!ab]*, config/cache, true",
    "config/[a-c]x, config/bx, true",
    "a.b, a.b, true",
    "a.b, axb, false",
    "a\\*, a*, true",
    "a\\*, ab, false",
    "*, config, true",
    "*, config/db, false",
  })
  void matchesWholeKeysSegmentAware(String glob, String key, boolean expected) {
    assertThat(KeyGlob.compile(glob).matches(SecretKey.of(key))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a**| ** must be a whole path segment",
        "a/**b/c| ** must be a whole path segment",
        "config/[ab| unclosed [ at position 8",
        "/config/*| no leading or trailing /",
        "config/| no leading or trailing /",
        "a//b| empty segment",
        "a\\| a trailing \\ escapes nothing",
      })
  void invalidGlobsSayWhatIsWrong(String glob, String message) {
    assertThatThrownBy(() -> KeyGlob.compile(glob))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message.strip());
  }

  @Test
  void filtersCombineWithAnd() {
    KeyFilter f =
        KeyFilter.of(List.of("^config/", "^credentials/db"), List.of("**/test/**"), Map.of());

    assertThat(f.selectsKey(SecretKey.of("config/app"))).isTrue();
    assertThat(f.selectsKey(SecretKey.of("credentials/db-main"))).isTrue();
    assertThat(f.selectsKey(SecretKey.of("credentials/api"))).isFalse();
    assertThat(f.selectsKey(SecretKey.of("config/test/app"))).isFalse();
    assertThat(f.needsMetadata()).isFalse();
    assertThat(KeyFilter.ALL.selectsKey(SecretKey.of("x"))).isTrue();
  }

  @Test
  void metadataMustHoldEveryPairExactly() {
    KeyFilter f = KeyFilter.of(List.of(), List.of(), Map.of("owner", "payments", "tier", "1"));

    assertThat(f.metadataMatches(Map.of("owner", "payments", "tier", "1", "x", "y"))).isTrue();
    assertThat(f.metadataMatches(Map.of("owner", "payments"))).isFalse();
    assertThat(f.metadataMatches(Map.of("owner", "Payments", "tier", "1"))).isFalse();
    assertThat(f.needsMetadata()).isTrue();
  }
}
