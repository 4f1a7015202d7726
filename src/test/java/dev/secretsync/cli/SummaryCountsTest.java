package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.RunReport;
import dev.secretsync.core.TargetResult;
import dev.secretsync.report.JsonFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run's counts as the JSON report and the webhook body write them: the same names in the same
 * order, the report with the {@code changes} total and the webhook without it.
 */
class SummaryCountsTest {
  private static final RunReport REPORT =
      new RunReport(
          "run-1",
          Instant.EPOCH,
          Duration.ofMillis(1),
          true,
          RunReport.Mode.FULL,
          List.of(
              new TargetResult(
                  "T",
                  "file",
                  TargetResult.Status.SKIPPED,
                  null,
                  List.of(),
                  List.of(),
                  "skipped",
                  0,
                  Duration.ofMillis(1),
                  false)),
          List.of(),
          List.of());

  private static final List<String> REPORT_NAMES =
      List.of(
          "added",
          "updated",
          "deleted",
          "orphaned",
          "unchanged",
          "failed",
          "changes",
          "not_attempted");

  @Test
  void theJsonReportCountsIncludeTheChangesTotal() {
    Object summary = JsonFormat.toJson(REPORT).get("summary");

    assertThat(summary).isInstanceOf(LinkedHashMap.class);
    assertThat(List.copyOf(((Map<?, ?>) summary).keySet())).isEqualTo(REPORT_NAMES);
  }

  @Test
  void theWebhookCountsAreTheSameNamesWithoutTheTotal() {
    Map<String, Object> body = NotificationBodies.webhook(REPORT, List.of("drift"), false, null);

    assertThat(List.copyOf(((Map<?, ?>) body.get("summary")).keySet()))
        .isEqualTo(REPORT_NAMES.stream().filter(n -> !n.equals("changes")).toList());
  }
}
