package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.TestKeys;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ownership, deletion policy, failure propagation, and the merge store phases. */
class TargetBehaviourTest extends LocalPipelineTestBase {

  @Test
  void removedKeyIsAnOrphanUnderRetainAndDeletedUnderDelete() throws Exception {
    assertThat(pipeline().exitCode()).isZero();
    Files.delete(dir.resolve("sources/data-engineers/team/members.json"));

    CliHarness.Result retain = pipeline();
    assertThat(retain.exitCode()).as(retain.toString()).isZero();
    assertThat(retain.stdout()).contains("? team/members.json").contains("3 orphaned");
    assertThat(dir.resolve("out/staging/team/members.json")).exists();

    cli.write(
        "secretsync.yaml",
        SEED_CONFIG.replace(
            "imports: [analytics, data-engineers]",
            "imports: [analytics, data-engineers]\n    deletion: {policy: delete}"));
    CliHarness.Result delete = pipeline();
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    assertThat(delete.stdout()).contains("- team/members.json");
    assertThat(dir.resolve("out/staging/team/members.json")).doesNotExist();
    assertThat(dir.resolve("out/staging/team")).doesNotExist();
    assertThat(dir.resolve("out/production/team/members.json")).exists();
    assertThat(pipeline("--exit-code").exitCode()).as("converged").isZero();
  }

  @Test
  void moreDeletionsThanMaxDeletesFailTheTargetBeforeDeletingAnything() throws Exception {
    cli.write(
        "secretsync.yaml",
        SEED_CONFIG.replace(
            "imports: [analytics, data-engineers]",
            "imports: [analytics, data-engineers]\n    deletion: {policy: delete, max_deletes: 2}"));
    assertThat(pipeline().exitCode()).isZero();
    for (String key :
        java.util.List.of(
            "config/api", "credentials/service_account", "nested/deep/level1/level2/config")) {
      Files.delete(dir.resolve("sources/analytics/" + key + ".json"));
    }
    var before = snapshot(dir.resolve("out/staging"));

    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("refusing to delete 3 secrets: more than deletion.max_deletes (2)")
        .contains("skipped: depends on failed target Staging");
    assertThat(snapshot(dir.resolve("out/staging"))).isEqualTo(before);
  }

  @Test
  void unmanagedFileIsAPerKeyErrorUnlessAdopted() throws Exception {
    cli.write("out/staging/config/database.json", "{\"host\": \"hand-made\"}");
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("! config/database.json")
        .contains("not written by secretsync")
        .contains("adopt_unmanaged: true");
    assertThat(readJson("out/staging/config/database.json")).containsEntry("host", "hand-made");
    assertThat(readJson("out/staging/config/api.json")).containsKey("base_url");
    assertThat(dir.resolve("out/production/config/database.json")).as("dependents go on").exists();

    cli.write(
        "secretsync.yaml",
        SEED_CONFIG.replace(
            "imports: [analytics, data-engineers]",
            "imports: [analytics, data-engineers]\n    adopt_unmanaged: true"));
    CliHarness.Result adopted = pipeline();
    assertThat(adopted.exitCode()).as(adopted.toString()).isZero();
    assertThat(readJson("out/staging/config/database.json"))
        .containsEntry("host", "engineers-db.internal");
  }

  @Test
  void failedTargetSkipsDependentsAndOthersContinue() {
    cli.write("out/staging", "a file where a directory should be");
    cli.write(
        "secretsync.yaml",
        SEED_CONFIG + "  Other: {type: file, path: out/other, imports: [analytics]}\n");
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("Target Staging (file, 7 secrets): FAILED")
        .contains("Target Production (file): skipped: depends on failed target Staging")
        .contains("Target Demo (file): skipped: depends on failed target Production");
    assertThat(dir.resolve("out/other/config/api.json")).exists();
  }

  @Test
  void continueOnErrorFalseStopsTheRest() {
    cli.write("out/staging", "not a directory");
    cli.write(
        "secretsync.yaml",
        SEED_CONFIG
            + "  Zeta: {type: file, path: out/zeta, imports: [Demo]}\n"
            + "pipeline: {continue_on_error: false, parallelism: 1}\n");
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("FAILED").contains("skipped");
  }

  @Test
  void mergeOnlyThenSyncOnlyEqualsOneRun() throws Exception {
    String withStore = SEED_CONFIG + "merge_store: {directory: {path: store}}\n";
    cli.write("secretsync.yaml", withStore);
    // One configured key, so that both ways write the same manifests.
    Map<String, String> keyed = Map.of("SECRETSYNC_FINGERPRINT_KEY", TestKeys.TEXT);
    CliHarness.Result merge = cli.run(keyed, "pipeline", "-c", "secretsync.yaml", "--merge-only");
    assertThat(merge.exitCode()).as(merge.toString()).isZero();
    assertThat(merge.stderr()).contains("plaintext");
    assertThat(dir.resolve("store/Staging.json")).exists();
    assertThat(dir.resolve("out")).doesNotExist();
    var storeBefore = snapshot(dir.resolve("store"));

    CliHarness.Result sync = cli.run(keyed, "pipeline", "-c", "secretsync.yaml", "--sync-only");
    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    assertThat(snapshot(dir.resolve("store")))
        .as("sync-only reads the store")
        .isEqualTo(storeBefore);
    var synced = snapshot(dir.resolve("out"));

    // The same config run in one go in a fresh directory gives the same files.
    java.nio.file.Path other = dir.resolve("fresh");
    CliHarness fresh = new CliHarness(other);
    dev.secretsync.testkit.SeedFixture.writeFileSources(other.resolve("sources"));
    fresh.write("secretsync.yaml", SEED_CONFIG);
    assertThat(fresh.run(keyed, "pipeline", "-c", "secretsync.yaml").exitCode()).isZero();
    assertThat(hashes(snapshot(other.resolve("out")))).isEqualTo(hashes(synced));

    CliHarness.Result again = cli.run(keyed, "pipeline", "-c", "secretsync.yaml", "--merge-only");
    assertThat(snapshot(dir.resolve("store")))
        .as("unchanged bundles are not rewritten")
        .isEqualTo(storeBefore);
    assertThat(again.exitCode()).isZero();
  }

  @Test
  void syncOnlyWithoutAPersistentStoreIsAClearError() {
    CliHarness.Result r = pipeline("--sync-only");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("--sync-only reads bundles from the merge store");
  }

  private static java.util.Map<String, String> hashes(java.util.Map<String, String> snapshot) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    snapshot.forEach((k, v) -> out.put(k, v.substring(0, v.indexOf(' '))));
    return out;
  }

  @Test
  void anEmptySourceHoldsBackDeletionsInsteadOfWipingTheTarget() throws Exception {
    cli.write(
        "secretsync.yaml",
        SEED_CONFIG.replace(
            "imports: [analytics, data-engineers]",
            "imports: [analytics, data-engineers]\n    deletion: {policy: delete}"));
    assertThat(pipeline().exitCode()).isZero();
    try (var files = Files.walk(dir.resolve("sources/data-engineers"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Files.createDirectories(dir.resolve("sources/data-engineers"));

    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout())
        .contains("? team/members.json")
        .contains(
            "not deleted: source data-engineers has no secrets; deletions wait for a complete read");
    assertThat(dir.resolve("out/staging/team/members.json")).exists();
  }

  @Test
  void aSymlinkedSourceDirectoryIsFollowed() throws Exception {
    Files.move(dir.resolve("sources/analytics"), dir.resolve("analytics-release-42"));
    Files.createSymbolicLink(dir.resolve("sources/analytics"), dir.resolve("analytics-release-42"));
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(dir.resolve("out/staging/config/api.json")).exists();
  }

  @Test
  void dotNamedKeysConvergeAndReservedNamesAreRefused() {
    cli.write(
        "secretsync.yaml",
        SEED_CONFIG.replace(
            "Demo: {type: file, path: out/demo, imports: [Production]}",
            "Demo: {type: file, path: out/demo, imports: [Production], overrides: {.env: {a: 1},"
                + " .secretsync-manifest: {b: 2}}}"));
    CliHarness.Result first = pipeline();
    assertThat(first.stdout()).contains("+ .env.json").contains("! .secretsync-manifest.json");
    assertThat(dir.resolve("out/demo/.env.json")).exists();
    CliHarness.Result second = pipeline();
    assertThat(second.stdout()).doesNotContain("+ .env.json");
    assertThat(second.stdout()).contains("Target Demo (file, 9 secrets): 0 added, 0 updated");
  }

  @Test
  void fileTargetsSharingADirectoryAreRefusedAtValidation() {
    cli.write(
        "secretsync.yaml", SEED_CONFIG.replace("path: out/production", "path: out/staging/prod"));
    CliHarness.Result r = cli.run("validate", "--config", "secretsync.yaml");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains(
            "targets.Production.path: overlaps targets.Staging.path: two file targets must not share a directory");
  }
}
