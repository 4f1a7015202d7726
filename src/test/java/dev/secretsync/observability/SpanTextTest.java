package dev.secretsync.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The paths the logs' messages name never reach a span. */
class SpanTextTest {
  @Test
  void vaultPathsAndRequestLinesAreReplacedTheRestStays() {
    assertThat(
            SpanText.withoutPaths(
                "[req=ab12cd34] vault.read at path \"app/data/db\" after 12ms (retries: 2): HTTP 500"))
        .isEqualTo(
            "[req=ab12cd34] vault.read at path \"<path>\" after 12ms (retries: 2): HTTP 500");
    assertThat(
            SpanText.withoutPaths(
                "github: PUT /repos/acme/api/actions/secrets/DB_PASSWORD failed: HTTP 422"))
        .isEqualTo("github: PUT <path> failed: HTTP 422");
    assertThat(SpanText.withoutPaths("1 target(s) not ok")).isEqualTo("1 target(s) not ok");
    assertThat(SpanText.withoutPaths(null)).isEmpty();
  }
}
