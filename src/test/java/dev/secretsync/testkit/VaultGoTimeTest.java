package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The emulator writes times as Go's RFC 3339 with nanoseconds: trailing zeros dropped. */
class VaultGoTimeTest {
  @Test
  void fractionsAsGoWritesThem() {
    Instant t = Instant.parse("2026-11-29T03:04:05Z");
    assertThat(VaultHttp.goTime(t)).isEqualTo("2026-11-29T03:04:05Z");
    assertThat(VaultHttp.goTime(t.plusNanos(500_000_000))).isEqualTo("2026-11-29T03:04:05.5Z");
    assertThat(VaultHttp.goTime(t.plusNanos(123_456_789)))
        .isEqualTo("2026-11-29T03:04:05.123456789Z");
    assertThat(VaultHttp.goTime(t.plusNanos(1_000))).isEqualTo("2026-11-29T03:04:05.000001Z");
    assertThat(VaultHttp.goTime(t.plusNanos(1))).isEqualTo("2026-11-29T03:04:05.000000001Z");
    assertThat(VaultHttp.goTime(null)).isEmpty();
  }
}
