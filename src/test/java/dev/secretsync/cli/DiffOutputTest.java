package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The human {@code --diff}: each field side by side ({@code old → new}, masked as {@code ••••}),
 * counts per change kind, and colour only when asked for or on a terminal.
 */
class DiffOutputTest extends LocalPipelineTestBase {
  private static final String ESC = "\u001b[";

  @BeforeEach
  void syncThenChange() {
    assertThat(pipeline().exitCode()).isZero();
    cli.write(
        "sources/data-engineers/credentials/snowflake.json",
        "{\"password\": \"rotated-pw-42\", \"note\": \"added-note-9\"}");
    cli.write("sources/analytics/config/extra.json", "{\"k\": \"brand-new-value\"}");
  }

  @Test
  void fieldsAreShownSideBySideMaskedWithCountsPerKind() {
    CliHarness.Result r = pipeline("--dry-run", "--diff", "--color", "never");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout())
        .containsPattern("      \\+ note: +\\(none\\) → ••••\n")
        .containsPattern("      ~ password: +•••• → ••••\n")
        .contains("By kind: 3 create, 3 update\n")
        .doesNotContain(ESC)
        .doesNotContain("rotated-pw-42")
        .doesNotContain("added-note-9");
  }

  @Test
  void countsPerKindNeedDiff() {
    CliHarness.Result r = pipeline("--dry-run");

    assertThat(r.stdout()).doesNotContain("By kind:");
  }

  @Test
  void colorAlwaysPaintsOldRedAndNewGreen() {
    CliHarness.Result r = pipeline("--dry-run", "--diff", "--color", "always");

    assertThat(r.stdout()).contains(ESC + "31m••••" + ESC + "0m → " + ESC + "32m••••" + ESC + "0m");
  }

  @Test
  void colorAutoStaysPlainWhenNotATerminal() {
    CliHarness.Result r = pipeline("--dry-run", "--diff");

    assertThat(r.stdout()).doesNotContain(ESC);
  }

  @Test
  void anUnknownColorChoiceIsAUsageError() {
    CliHarness.Result r = pipeline("--dry-run", "--color", "sometimes");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr())
        .contains(
            "error: --color (or SECRETSYNC_COLOR): \"sometimes\" is not a choice; use auto, always"
                + " or never");
  }

  @Test
  void showValuesInCiNeedsTheIssueFlag() {
    CliHarness.Result refused =
        cli.run(
            Map.of("CI", "true"),
            "pipeline",
            "-c",
            "secretsync.yaml",
            "--dry-run",
            "--diff",
            "--show-values");
    CliHarness.Result allowed =
        cli.run(
            Map.of("CI", "true"),
            "pipeline",
            "-c",
            "secretsync.yaml",
            "--dry-run",
            "--diff",
            "--show-values",
            "--i-know-this-is-ci");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.stderr()).contains("pass --i-know-this-is-ci");
    assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
    assertThat(allowed.stdout()).containsPattern("~ password: +\"[^\"]+\" → \"rotated-pw-42\"");
  }
}
