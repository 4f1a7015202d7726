package dev.secretsync.provider.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.KeyError;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitHubNamesTest {
  private static GitHubSettings settings(boolean perField, String template, List<String> exclude) {
    return new GitHubSettings(
        "ci",
        "http://x",
        new GitHubCredentials.Token("t", "GITHUB_TOKEN"),
        "acme",
        "api",
        List.of("actions"),
        perField,
        template,
        exclude,
        new GitHubScope("repo", "acme", "api", ""));
  }

  @ParameterizedTest
  @CsvSource({
    "config/database, password, CONFIG_DATABASE_PASSWORD",
    "config/db-main, dbPassword, CONFIG_DB_MAIN_DB_PASSWORD",
    "nested/deep.x, a b, NESTED_DEEP_X_A_B"
  })
  void namesAreTheTemplateInUpperSnakeCase(String key, String field, String expected) {
    assertThat(GitHubNames.name("{key}_{field}", key, field)).isEqualTo(expected);
  }

  @Test
  void fieldsBecomeSecretsStringsAsIsOthersAsCanonicalJson() {
    Bundle b =
        Bundle.of(Map.of(SecretKey.of("app"), Secret.of(Map.of("url", "https://x", "port", 5432))));

    GitHubNames.Mapping m = GitHubNames.map(b, settings(true, "{key}_{field}", List.of()));

    assertThat(m.desired()).containsOnlyKeys("APP_URL", "APP_PORT");
    assertThat(m.desired().get("APP_URL").value()).isEqualTo("https://x");
    assertThat(m.desired().get("APP_PORT").value()).isEqualTo("5432");
    assertThat(m.desired().get("APP_URL").toString()).doesNotContain("https://x");
  }

  @Test
  void granularitySecretWritesTheCanonicalJsonOfTheKey() {
    Bundle b = Bundle.of(Map.of(SecretKey.of("app"), Secret.of(Map.of("b", 1, "a", "x"))));

    GitHubNames.Mapping m = GitHubNames.map(b, settings(false, "{key}", List.of()));

    assertThat(m.desired().get("APP").value()).isEqualTo("{\"a\":\"x\",\"b\":1}");
  }

  @Test
  void clashesInvalidNamesAndOversizedValuesAreErrorsTheRestContinue() {
    Bundle b =
        Bundle.of(
            Map.of(
                SecretKey.of("a/b"), Secret.of(Map.of("c", "1")),
                SecretKey.of("a-b"), Secret.of(Map.of("c", "2")),
                SecretKey.of("9lives"), Secret.of(Map.of("x", "1")),
                SecretKey.of("github/app"), Secret.of(Map.of("id", "1")),
                SecretKey.of("big"), Secret.of(Map.of("blob", "x".repeat(48 * 1024 + 1))),
                SecretKey.of("ok"), Secret.of(Map.of("fine", "x".repeat(48 * 1024)))));

    GitHubNames.Mapping m = GitHubNames.map(b, settings(true, "{key}_{field}", List.of()));

    assertThat(m.desired()).containsOnlyKeys("OK_FINE");
    assertThat(m.errors())
        .extracting(KeyError::name)
        .containsExactlyInAnyOrder("A_B_C", "9LIVES_X", "GITHUB_APP_ID", "BIG_BLOB");
    assertThat(
            m.errors().stream().filter(e -> e.name().equals("A_B_C")).findFirst().get().message())
        .contains("a-b, a/b");
    assertThat(m.errors()).allSatisfy(e -> assertThat(e.message()).doesNotContain("xxxx"));
  }

  @Test
  void builtInAndConfiguredExclusionsAreSkippedWithTheReason() {
    Bundle b =
        Bundle.of(
            Map.of(
                SecretKey.of("github"), Secret.of(Map.of("token", "t")),
                SecretKey.of("actions"), Secret.of(Map.of("cache", "t")),
                SecretKey.of("debug"), Secret.of(Map.of("flag", "t")),
                SecretKey.of("app"), Secret.of(Map.of("x", "t"))));

    GitHubNames.Mapping m = GitHubNames.map(b, settings(true, "{key}_{field}", List.of("debug_*")));

    assertThat(m.desired()).containsOnlyKeys("APP_X");
    assertThat(m.skipped())
        .containsExactly(
            "ACTIONS_CACHE (from actions): excluded by ACTIONS_* (built in)",
            "DEBUG_FLAG (from debug): excluded by debug_* (exclude)",
            "GITHUB_TOKEN (from github): excluded by GITHUB_TOKEN (built in)");
  }
}
