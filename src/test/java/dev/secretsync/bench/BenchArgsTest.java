package dev.secretsync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the benchmark runner reads sized scenario names ({@code --sizes}, {@code --accounts}). */
class BenchArgsTest {
  @Test
  void todaysNamesStayTheDefaults() {
    assertThat(Bench.expand("noop", null, null)).containsExactly("noop-10k");
    assertThat(Bench.expand("fanout", null, null)).containsExactly("fanout-100x100");
    assertThat(Bench.expand("cold-10k", null, null)).containsExactly("cold-10k");
    assertThat(Bench.expand("all", null, null)).isEqualTo(Bench.SCENARIOS);
  }

  @Test
  void sizesAndAccountsMultiplyTheBareNames() {
    assertThat(Bench.expand("noop", List.of("1k", "10k", "100k"), null))
        .containsExactly("noop-1k", "noop-10k", "noop-100k");
    assertThat(Bench.expand("one-change", List.of("2500"), null))
        .containsExactly("one-change-2500");
    assertThat(Bench.expand("fanout", List.of("10k"), List.of("1", "10", "1000")))
        .containsExactly("fanout-1x10000", "fanout-10x1000", "fanout-1000x10");
  }

  @Test
  void badNamesAndUnevenSplitsAreRefused() {
    assertThatThrownBy(() -> Bench.expand("nop", null, null))
        .hasMessageContaining("unknown scenario nop");
    assertThatThrownBy(() -> Bench.expand("fanout", List.of("10k"), List.of("3")))
        .hasMessageContaining("do not split evenly into 3 accounts");
    assertThatThrownBy(() -> Bench.expand("noop", List.of("0"), null))
        .hasMessageContaining("at least 1");
  }

  @Test
  void keysKeepTodaysShapeAtTheDefaultSizeAndWidenAboveIt() {
    assertThat(SingleWorld.key(4242, 10_000)).isEqualTo("f042/s04242");
    assertThat(SingleWorld.key(99_999, 100_000)).isEqualTo("f999/s99999");
    assertThat(SingleWorld.key(5, 1_000)).isEqualTo("f005/s00005");
    assertThat(FanoutWorld.key(7, 100)).isEqualTo("app/s007");
    assertThat(FanoutWorld.key(7, 10_000)).isEqualTo("app/s0007");
    assertThat(FanoutWorld.mount(7, 1000)).isEqualTo("acct007");
  }
}
