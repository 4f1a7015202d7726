package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Saved plans on file targets with a directory merge store (its own kept key). */
class SavedPlanFileTargetTest extends LocalPipelineTestBase {
  private static final String ROTATED = "rotated-file-pw-77";

  @BeforeEach
  void syncOnceThenChangeASource() {
    cli.write("secretsync.yaml", SEED_CONFIG + "merge_store: {directory: {path: merged}}\n");
    assertThat(pipeline().exitCode()).isZero();
    cli.write(
        "sources/data-engineers/credentials/snowflake.json", "{\"password\": \"" + ROTATED + "\"}");
  }

  private CliHarness.Result apply() {
    CliHarness.Result r = cli.run("apply", "plan.json", "-c", "secretsync.yaml");
    assertNoSecretValues(r);
    assertThat(r.all()).doesNotContain(ROTATED);
    return r;
  }

  @Test
  void aPlannedChangeIsAppliedToFileTargets() throws IOException {
    assertThat(pipeline("--dry-run", "--plan-file", "plan.json").exitCode()).isZero();
    Map<String, String> before = snapshot(dir.resolve("out"));
    assertThat(Files.readString(dir.resolve("plan.json"))).doesNotContain(ROTATED);

    CliHarness.Result r = apply();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(snapshot(dir.resolve("out"))).isNotEqualTo(before);
    for (String t : new String[] {"staging", "production", "demo"}) {
      assertThat(Files.readString(dir.resolve("out/" + t + "/credentials/snowflake.json")))
          .contains(ROTATED);
    }
  }

  @Test
  void aFileEditedOutOfBandMakesThePlanStale() throws IOException {
    assertThat(pipeline("--dry-run", "--plan-file", "plan.json").exitCode()).isZero();
    cli.write("out/demo/config/api.json", "{\"edited\": \"by-hand\"}");
    Map<String, String> before = snapshot(dir.resolve("out"));
    Map<String, String> store = snapshot(dir.resolve("merged"));

    CliHarness.Result r = apply();

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr()).contains("error: stale plan: Demo changed out of band: 1 secret (");
    assertThat(snapshot(dir.resolve("out"))).isEqualTo(before);
    assertThat(snapshot(dir.resolve("merged"))).isEqualTo(store);
  }

  @Test
  void aFileThatIsNotAPlanIsRefusedWithWhereItBreaks() {
    cli.write("plan.json", "{\n  \"format_version\": 1,\n  oops\n}");

    CliHarness.Result r = apply();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr().lines().findFirst().orElse(""))
        .startsWith("error: plan file plan.json is not JSON (line 3, column ")
        .endsWith("); make a new plan with `secretsync pipeline --dry-run --plan-file`");
  }

  @Test
  void anotherFormatVersionIsRefused() throws IOException {
    assertThat(pipeline("--dry-run", "--plan-file", "plan.json").exitCode()).isZero();
    String text = Files.readString(dir.resolve("plan.json"));
    cli.write("plan.json", text.replace("\"format_version\" : 1", "\"format_version\" : 2"));

    CliHarness.Result r = apply();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains(
            "error: plan file plan.json: it has format_version 2, and this secretsync reads"
                + " format_version 1; make the plan again with this version");
  }

  @Test
  void aMissingPlanFileIsNamed() {
    CliHarness.Result r = apply();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("error: plan file plan.json does not exist");
  }

  @Test
  void aPlanWithFailuresIsNotSaved() {
    cli.write("sources/analytics/config/brand_new.json", "{\"k\": \"v-new-1\"}");
    cli.write("out/demo/config/brand_new.json", "{\"someone\": \"elses\"}");

    CliHarness.Result r = pipeline("--dry-run", "--plan-file", "plan.json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr())
        .contains(
            "error: no plan file written: the plan has failures (above); fix them and plan again");
    assertThat(dir.resolve("plan.json")).doesNotExist();
  }

  @Test
  void aPlanMadeWithAnotherFingerprintKeyDoesNotMatch() {
    CliHarness.Result planned =
        cli.run(
            Map.of("SECRETSYNC_FINGERPRINT_KEY", "the-first-key-0123456789"),
            "pipeline",
            "-c",
            "secretsync.yaml",
            "--dry-run",
            "--plan-file",
            "plan.json");
    assertThat(planned.exitCode()).as(planned.toString()).isZero();

    CliHarness.Result r = apply();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains(
            "error: plan does not match: it was made with another fingerprint key (key check ");
  }
}
