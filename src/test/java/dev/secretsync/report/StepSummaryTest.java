package dev.secretsync.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.RunReport;
import dev.secretsync.core.SecretKey;
import dev.secretsync.core.TargetPlan;
import dev.secretsync.core.TargetResult;
import dev.secretsync.testkit.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code $GITHUB_STEP_SUMMARY} tables of a run and of a combined sharded run, to the byte:
 * their columns, and Markdown escaping of names and messages.
 */
class StepSummaryTest {

  private static Change create(String name) {
    return Change.of(
        ChangeKind.CREATE,
        SecretKey.of(name),
        name,
        null,
        TestKeys.KEY.of(Map.of("n", name)),
        "new");
  }

  private static TargetResult result(
      String name, TargetResult.Status status, List<Change> changes, String message) {
    return new TargetResult(
        name,
        "aws_secretsmanager",
        status,
        changes == null ? null : new TargetPlan(name, changes, List.of()),
        changes == null ? List.of() : changes,
        List.of(),
        message,
        changes == null ? 0 : changes.size(),
        Duration.ofMillis(1),
        false);
  }

  @Test
  void runStepSummaryHasOneEscapedRowPerTargetThenTheChanges() {
    RunReport report =
        new RunReport(
            "run-1",
            Instant.EPOCH,
            Duration.ofMillis(1),
            false,
            RunReport.Mode.SYNC_ONLY,
            List.of(
                result("A|b", TargetResult.Status.OK, List.of(create("app/x")), ""),
                result("C", TargetResult.Status.FAILED, null, "boom <x>|y\nz")),
            List.of(),
            List.of());

    String md = GithubFormat.stepSummary(report);

    assertThat(md)
        .isEqualTo(
            "### SecretSync sync (sync only) (run `run-1`)\n\n"
                + "| Target | Status | Added | Updated | Deleted | Orphaned | Unchanged | Failed"
                + " | Not attempted |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|\n"
                + "| A\\|b | ok | 1 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
                + "| C | failed: boom &lt;x>\\|y z | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
                + "\n"
                + "<details><summary>A\\|b changes</summary>\n\n"
                + "- `+` app/x — create\n"
                + "\n</details>\n\n");
  }

  @Test
  void combinedStepSummaryHasOneEscapedRowPerTargetThenTheProblems() {
    Map<String, Object> doc =
        Map.of(
            "dry_run",
            true,
            "targets",
            List.of(
                Map.of(
                    "name",
                    "A|b",
                    "status",
                    "ok",
                    "summary",
                    Map.of("added", 1, "updated", 2, "deleted", 3, "orphaned", 4, "unchanged", 5)),
                Map.of("name", "C", "status", "failed")),
            "problems",
            List.of("shard 2/4: no report <missing>"));

    String md = CombinedFormat.stepSummary(doc);

    assertThat(md)
        .isEqualTo(
            "### SecretSync combined plan\n\n"
                + "| Target | Status | Added | Updated | Deleted | Orphaned | Unchanged | Failed |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|\n"
                + "| A\\|b | ok | 1 | 2 | 3 | 4 | 5 | 0 |\n"
                + "| C | failed | 0 | 0 | 0 | 0 | 0 | 0 |\n"
                + "\n"
                + "- :x: shard 2/4: no report &lt;missing>\n"
                + "\n");
  }
}
