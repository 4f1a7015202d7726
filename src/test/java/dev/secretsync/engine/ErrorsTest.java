package dev.secretsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** One-line messages say each context once and never "Error: Error:". */
class ErrorsTest {

  @Test
  void aPrefixSaidTwiceIsSaidOnce() {
    assertThat(Errors.describe(new IllegalStateException("target F1: target F1: cannot write x")))
        .isEqualTo("target F1: cannot write x");
  }

  @Test
  void aLeadingErrorWordIsDropped() {
    assertThat(Errors.describe(new CompletionException(new RuntimeException("Error: no route"))))
        .isEqualTo("no route");
  }

  @Test
  void theTargetsOwnPrefixGoesWhereTheTargetIsSaidAlready() {
    assertThat(Errors.withoutTarget("ci", "target ci: lacks the permission secrets=write"))
        .isEqualTo("lacks the permission secrets=write");
    assertThat(Errors.withoutTarget("ci", "target cid: x")).isEqualTo("target cid: x");
    assertThat(Errors.withoutTarget("ci", "source a: x")).isEqualTo("source a: x");
  }

  @Test
  void distinctPrefixesAreKept() {
    assertThat(Errors.describe(new RuntimeException("source a: file b: bad")))
        .isEqualTo("source a: file b: bad");
  }
}
