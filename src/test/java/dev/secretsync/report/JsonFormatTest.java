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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON report marks exactly the applied changes, for small and large plans. */
class JsonFormatTest {

  @Test
  void marksAppliedChanges() {
    List<Change> changes = changes(4);
    Map<String, Object> target = target(changes, List.of(changes.get(0), changes.get(2)));
    assertThat(applied(target)).containsExactly(true, false, true, false);
  }

  @Test
  void marksTwentyThousandAppliedChanges() {
    List<Change> changes = changes(20_000);
    Map<String, Object> target = target(changes, changes);
    assertThat(applied(target)).hasSize(20_000).containsOnly(true);
  }

  private static List<Change> changes(int n) {
    List<Change> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          Change.of(
              ChangeKind.CREATE,
              SecretKey.of("app/s" + i),
              "app/s" + i,
              null,
              TestKeys.KEY.of(Map.of("i", i)),
              "new"));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> target(List<Change> changes, List<Change> applied) {
    TargetResult r =
        new TargetResult(
            "T",
            "aws_secretsmanager",
            TargetResult.Status.OK,
            new TargetPlan("T", changes, List.of()),
            applied,
            List.of(),
            "",
            changes.size(),
            Duration.ofMillis(1),
            false);
    RunReport report =
        new RunReport(
            "run",
            Instant.EPOCH,
            Duration.ofMillis(1),
            false,
            RunReport.Mode.FULL,
            List.of(r),
            List.of(),
            List.of());
    return (Map<String, Object>) ((List<Object>) JsonFormat.toJson(report).get("targets")).get(0);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> applied(Map<String, Object> target) {
    return ((List<Map<String, Object>>) target.get("changes"))
        .stream().map(c -> c.get("applied")).toList();
  }
}
