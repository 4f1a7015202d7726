package dev.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretKeyTest {

  static Stream<String> validKeys() {
    return Stream.of(
        "config/database",
        "app.config",
        "a/b.c/d",
        "x",
        "a/b/c/d/e/f",
        "nested/deep/level1/level2/config",
        "credentials/service_account",
        "a-b_c",
        "..a",
        "a..",
        "a/.../b",
        ".hidden/x",
        "x/.env",
        "with space/and more",
        "ünïcode/ключ/日本",
        "a".repeat(SecretKey.MAX_LENGTH),
        "a/".repeat(255) + "ab");
  }

  @ParameterizedTest
  @MethodSource("validKeys")
  void acceptsValidKeys(String path) {
    assertThat(SecretKey.problem(path)).isNull();
    SecretKey key = SecretKey.of(path);
    assertThat(key.path()).isEqualTo(path);
    assertThat(key.toString()).isEqualTo(path);
    assertThat(new SecretKey(path)).isEqualTo(key);
  }

  @Test
  void maxLengthIs512() {
    assertThat(SecretKey.MAX_LENGTH).isEqualTo(512);
    assertThat(SecretKey.of("k".repeat(512)).path()).hasSize(512);
  }

  static Stream<Arguments> invalidKeys() {
    return Stream.of(
        Arguments.of("", "must not be empty", "\"\""),
        Arguments.of("/config/database", "must not start with '/'", "\"/config/database\""),
        Arguments.of("/", "must not start with '/'", "\"/\""),
        Arguments.of("config/database/", "must not end with '/'", "\"config/database/\""),
        Arguments.of(
            "config//database", "contains an empty segment ('//')", "\"config//database\""),
        Arguments.of("a/../b", "contains a '..' segment", "\"a/../b\""),
        Arguments.of("..", "contains a '..' segment", "\"..\""),
        Arguments.of("../a", "contains a '..' segment", "\"../a\""),
        Arguments.of("a/..", "contains a '..' segment", "\"a/..\""),
        Arguments.of("a/./b", "contains a '.' segment", "\"a/./b\""),
        Arguments.of(".", "contains a '.' segment", "\".\""),
        Arguments.of("./a", "contains a '.' segment", "\"./a\""),
        Arguments.of("a/.", "contains a '.' segment", "\"a/.\""),
        Arguments.of("a\u0000b", "contains a NUL character", "\"a\\u0000b\""),
        Arguments.of("\u0000", "contains a NUL character", "\"\\u0000\""),
        Arguments.of("a\nb", "contains a control character", "\"a\\u000ab\""),
        Arguments.of("a\tb", "contains a control character", "\"a\\u0009b\""),
        Arguments.of("a\rb", "contains a control character", "\"a\\u000db\""),
        Arguments.of("a\u001fb", "contains a control character", "\"a\\u001fb\""),
        Arguments.of("a\u007fb", "contains a control character", "\"a\\u007fb\""),
        Arguments.of("a\u0085b", "contains a control character", "\"a\\u0085b\""),
        Arguments.of(
            "config\\database",
            "contains a backslash (use / as separator)",
            "\"config\\database\""),
        Arguments.of(
            "k".repeat(513), "is longer than 512 characters", "\"" + "k".repeat(513) + "\""));
  }

  @ParameterizedTest
  @MethodSource("invalidKeys")
  void rejectsInvalidKeysNamingKeyAndRule(String path, String rule, String quotedKey) {
    assertThat(SecretKey.problem(path)).isEqualTo(rule);
    SecretKey.InvalidKeyException e =
        catchThrowableOfType(SecretKey.InvalidKeyException.class, () -> SecretKey.of(path));
    assertThat(e).isNotNull().isInstanceOf(IllegalArgumentException.class);
    assertThat(e.getMessage()).isEqualTo("invalid secret key " + quotedKey + ": " + rule);
    assertThat(e.key()).isEqualTo(path);
  }

  @Test
  void messageNeverContainsRawControlCharacters() {
    SecretKey.InvalidKeyException e =
        catchThrowableOfType(
            SecretKey.InvalidKeyException.class, () -> SecretKey.of("a\u0000b\nc\u001b"));
    assertThat(e.getMessage()).doesNotContainPattern("\\p{Cntrl}");
    assertThat(e.getMessage()).contains("a\\u0000b\\u000ac\\u001b");
  }

  @Test
  void problemOfNullIsEmpty() {
    assertThat(SecretKey.problem(null)).isEqualTo("must not be empty");
    assertThatThrownBy(() -> new SecretKey(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void comparesByString() {
    List<SecretKey> keys =
        new ArrayList<>(
            List.of(
                SecretKey.of("b"),
                SecretKey.of("a/b"),
                SecretKey.of("a.b"),
                SecretKey.of("a-b"),
                SecretKey.of("a"),
                SecretKey.of("B")));
    Collections.sort(keys);
    assertThat(keys)
        .extracting(SecretKey::path)
        .containsExactly("B", "a", "a-b", "a.b", "a/b", "b");
    assertThat(SecretKey.of("a").compareTo(SecretKey.of("a"))).isZero();
  }

  @Test
  void equalityAndHashCode() {
    assertThat(SecretKey.of("config/db")).isEqualTo(SecretKey.of("config/db"));
    assertThat(SecretKey.of("config/db").hashCode())
        .isEqualTo(SecretKey.of("config/db").hashCode());
    assertThat(SecretKey.of("config/db")).isNotEqualTo(SecretKey.of("config/DB"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"prod/", "team-a/", ""})
  void prefixed(String prefix) {
    assertThat(SecretKey.of("config/db").prefixed(prefix)).isEqualTo(prefix + "config/db");
  }

  @Test
  void prefixedWithNullIsThePath() {
    assertThat(SecretKey.of("config/db").prefixed(null)).isEqualTo("config/db");
  }

  /**
   * For any string: either it is a valid key and {@code problem} is null, or construction throws an
   * {@link SecretKey.InvalidKeyException} whose message names the (printable) key and the rule.
   */
  @Property(tries = 1000, seed = "512")
  void exceptionMessageAlwaysNamesTheKey(@ForAll("candidates") String path) {
    String problem = SecretKey.problem(path);
    if (problem == null) {
      assertThat(SecretKey.of(path).path()).isEqualTo(path);
      return;
    }
    SecretKey.InvalidKeyException e =
        catchThrowableOfType(SecretKey.InvalidKeyException.class, () -> SecretKey.of(path));
    assertThat(e).as("no exception for invalid %s", path).isNotNull();
    assertThat(e.getMessage())
        .isEqualTo("invalid secret key \"" + printable(path) + "\": " + problem);
    assertThat(e.key()).isEqualTo(path);
  }

  @Property(tries = 500, seed = "513")
  void validKeysFollowTheDocumentedRules(@ForAll("candidates") String path) {
    boolean valid =
        !path.isEmpty()
            && path.length() <= 512
            && path.chars().noneMatch(c -> Character.isISOControl(c) || c == '\\')
            && !path.startsWith("/")
            && !path.endsWith("/")
            && Stream.of(path.split("/", -1))
                .noneMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."));
    assertThat(SecretKey.problem(path) == null).as("valid(%s)", printable(path)).isEqualTo(valid);
  }

  @Provide
  Arbitrary<String> candidates() {
    Arbitrary<String> segments =
        Arbitraries.oneOf(
            Arbitraries.of("", ".", "..", "...", "a", "config", "b.c", "\\", "x\u0000", "\n", "é"),
            Arbitraries.strings()
                .withChars("ab./\\\u0000\t\u007f\u0085 é")
                .ofMinLength(0)
                .ofMaxLength(4));
    return Arbitraries.oneOf(
        segments.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("/", l)),
        Arbitraries.strings().ofMinLength(0).ofMaxLength(8),
        Arbitraries.integers().between(510, 514).map(n -> "z".repeat(n)));
  }

  private static String printable(String key) {
    StringBuilder sb = new StringBuilder();
    for (char c : key.toCharArray()) {
      sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
    }
    return sb.toString();
  }
}
