package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.CliHarness;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The foundation's acceptance: the seed scenario end to end through the CLI, on local files. */
class LocalPipelineTest extends LocalPipelineTestBase {

  @Test
  void seedScenarioMergesAndInheritsThroughTheChain() throws Exception {
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.toString()).isZero();

    Map<String, Object> expected = dev.secretsync.testkit.SeedFixture.expectedStagingDatabase();
    for (String target : List.of("staging", "production", "demo")) {
      assertThat(readJson("out/" + target + "/config/database.json")).isEqualTo(expected);
      assertThat(readJson("out/" + target + "/credentials/snowflake.json"))
          .containsEntry("warehouse", "COMPUTE_WH");
      assertThat(readJson("out/" + target + "/nested/deep/level1/level2/config.json"))
          .containsEntry("deeply_nested", true);
    }
    try (var files = Files.walk(dir.resolve("out/demo"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".json")).count())
          .as("7 secrets + manifest")
          .isEqualTo(8);
    }
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("out/staging/config/database.json"))))
        .isEqualTo("rw-------");
    assertThat(r.stdout()).contains("Target Staging").contains("7 added");
  }

  @Test
  void secondRunWritesNothingAndTheDriftGateSeesAnEdit() throws Exception {
    assertThat(pipeline().exitCode()).isZero();
    var before = snapshot(dir.resolve("out"));
    Thread.sleep(20); // let a rewrite, if any, show up as a different mtime

    CliHarness.Result again = pipeline("--exit-code");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(snapshot(dir.resolve("out"))).isEqualTo(before);
    assertThat(again.stdout())
        .contains("0 added, 0 updated, 0 deleted")
        .contains("Everything is up to date");

    cli.write(
        "sources/analytics/config/api.json",
        "{\"base_url\": \"https://api.analytics.internal\", \"timeout_ms\": 1000}");
    CliHarness.Result drift = pipeline("--dry-run", "--exit-code");
    assertThat(drift.exitCode()).as(drift.toString()).isEqualTo(1);
    assertThat(drift.stdout()).contains("~ config/api.json").contains("3 to update");
  }

  @Test
  void dryRunNeverWrites() throws Exception {
    CliHarness.Result first = pipeline("--dry-run");
    assertThat(first.exitCode()).isZero();
    assertThat(dir.resolve("out")).doesNotExist();
    assertThat(first.stdout()).contains("7 to add").contains("nothing was written");

    assertThat(pipeline().exitCode()).isZero();
    cli.write("sources/analytics/config/api.json", "{\"timeout_ms\": 5}");
    Files.delete(dir.resolve("sources/data-engineers/team/members.json"));
    var before = snapshot(dir.resolve("out"));
    CliHarness.Result plan = pipeline("--dry-run", "--diff");
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(snapshot(dir.resolve("out"))).isEqualTo(before);
    assertThat(plan.stdout())
        .contains("~ config/api.json")
        .containsPattern("- base_url: +•••• → \\(none\\)")
        .contains("? team/members.json");
  }

  @Test
  void showValuesRevealsValuesInHumanDiffOnly() {
    assertThat(pipeline().exitCode()).isZero();
    cli.write(
        "sources/data-engineers/credentials/snowflake.json", "{\"password\": \"rotated-pw-42\"}");
    CliHarness.Result masked = pipeline("--dry-run", "--diff");
    assertThat(masked.stdout()).doesNotContain("rotated-pw-42").contains("••••");
    CliHarness.Result shown = pipeline("--dry-run", "--diff", "--show-values");
    assertThat(shown.stdout()).contains("\"rotated-pw-42\"");
    CliHarness.Result json = pipeline("--dry-run", "--diff", "--show-values", "-o", "json");
    assertThat(json.stdout()).doesNotContain("rotated-pw-42");
    assertThat(json.stderr()).contains("--show-values applies to human output only");
  }

  @Test
  void targetsOptionSyncsOnlyTheSelectedTargetButMergesItsImports() throws Exception {
    CliHarness.Result r = pipeline("--targets", "Production");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(dir.resolve("out/production/config/database.json")).exists();
    assertThat(dir.resolve("out/staging")).doesNotExist();
    assertThat(dir.resolve("out/demo")).doesNotExist();

    CliHarness.Result unknown = pipeline("--targets", "Prod");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("unknown target \"Prod\"");
  }

  @Test
  void jsonReportIsMachineReadableAndValueFree() throws Exception {
    CliHarness.Result r = pipeline("--dry-run", "-o", "json");
    assertThat(r.exitCode()).isZero();
    @SuppressWarnings("unchecked")
    Map<String, Object> report = new ObjectMapper().readValue(r.stdout(), Map.class);
    assertThat(report.get("schema_version")).isEqualTo(1);
    assertThat(report.get("dry_run")).isEqualTo(true);
    assertThat(report.get("summary").toString()).contains("added=21").contains("changes=21");
    List<?> targets = (List<?>) report.get("targets");
    assertThat(targets.stream().map(t -> (Object) ((Map<?, ?>) t).get("name")).toList())
        .containsExactly((Object) "Staging", "Production", "Demo");
  }

  @Test
  void compactIsOneLine() {
    CliHarness.Result r = pipeline("--dry-run", "-o", "compact");
    assertThat(r.stdout().strip().lines()).hasSize(1);
    assertThat(r.stdout()).startsWith("secretsync plan: 21 added");
  }

  @Test
  void githubFormatWritesOutputsAndStepSummary() throws Exception {
    var out = dir.resolve("gh-output");
    var summary = dir.resolve("gh-summary");
    CliHarness.Result r =
        cli.run(
            Map.of(
                "GITHUB_OUTPUT", out.toString(),
                "GITHUB_STEP_SUMMARY", summary.toString(),
                "RUNNER_TEMP", dir.toString()),
            "pipeline",
            "--config",
            "secretsync.yaml",
            "--dry-run",
            "-o",
            "github");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertNoSecretValues(r);
    assertThat(r.stdout())
        .contains("::group::Target Staging")
        .contains("::endgroup::")
        .contains("::notice");
    assertThat(r.stdout()).doesNotContain("::set-output");
    String outputs = Files.readString(out);
    assertThat(outputs)
        .contains("changes=21\n")
        .contains("added=21\n")
        .contains("zero-sum=false\n");
    assertThat(outputs).containsPattern("report-json=.*secretsync-report-[0-9a-f]{8}\\.json");
    assertThat(Files.readString(summary)).contains("| Staging | ok |");
  }

  @Test
  void environmentVariablesSetOptions() {
    CliHarness.Result r =
        cli.run(
            Map.of(
                "SECRETSYNC_CONFIG",
                "secretsync.yaml",
                "SECRETSYNC_DRY_RUN",
                "true",
                "SECRETSYNC_OUTPUT",
                "compact"),
            "pipeline");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).startsWith("secretsync plan:");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
