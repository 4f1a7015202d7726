package dev.secretsync.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.conformance.TargetAdapter.Capability;
import dev.secretsync.testkit.CliHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promises every target keeps, checked the same way for each: through the CLI, against the
 * target's emulator, asserting the exit code, the JSON report and what the target holds afterwards.
 * A new target subclasses this with its {@link TargetAdapter} and passes it before anything else
 * (see CONTRIBUTING.md). A scenario a target cannot take part in is skipped with the adapter's
 * reason, never silently.
 */
abstract class TargetConformance {
  static final String T = "T";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  CliHarness cli;
  TargetAdapter target;

  /** Values in this test start with this token, so a leak into any output is detectable. */
  private final String token = "v-" + UUID.randomUUID();

  private Map<String, Map<String, Object>> source = new TreeMap<>();

  /** A fresh adapter for one test. */
  abstract TargetAdapter adapter();

  @BeforeEach
  void startTarget() {
    target = adapter();
    target.start(dir);
    cli = new CliHarness(dir);
    source.put("app/config", Map.of("url", "https://svc.internal", "token", value("config")));
    source.put("app/db", Map.of("user", "app", "password", value("db")));
    source.put("ops/pager", Map.of("key", value("pager")));
    configure("");
  }

  @AfterEach
  void stopTarget() {
    target.close();
  }

  // ---------------------------------------------------------------- scenarios

  @Test
  void createWritesEveryKeyOnce() {
    Report r = run();

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.summary()).containsEntry("added", 3).containsEntry("failed", 0);
    assertThat(r.changes("create")).containsExactlyInAnyOrder("app/config", "app/db", "ops/pager");
    assertThat(target.writeCalls()).isEqualTo(3);
    source.forEach((k, v) -> assertThat(target.read(T, k)).contains(v));
  }

  @Test
  void aNoOpRerunWritesNothing() {
    assertThat(run().exitCode).isZero();
    target.resetCounters();
    Map<String, String> before = target.snapshot(T);

    Report r = run("--exit-code");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.summary())
        .containsEntry("unchanged", 3)
        .containsEntry("changes", 0)
        .containsEntry("orphaned", 0);
    assertThat(target.writeCalls()).isZero();
    assertThat(target.snapshot(T)).isEqualTo(before);
  }

  @Test
  void oneChangedFieldIsExactlyOneWrite() {
    assertThat(run().exitCode).isZero();
    Map<String, Object> db = new LinkedHashMap<>(source.get("app/db"));
    db.put("password", value("db2"));
    source.put("app/db", db);
    writeSource();
    target.resetCounters();

    Report r = run();

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.summary()).containsEntry("updated", 1).containsEntry("unchanged", 2);
    assertThat(r.changes("update")).containsExactly("app/db");
    assertThat(target.writeCalls()).isEqualTo(1);
    assertThat(target.read(T, "app/db")).contains(db);
  }

  @Test
  void outOfBandDriftIsRepaired() {
    assertThat(run().exitCode).isZero();
    target.changeOutOfBand(T, "app/config", Map.of("url", "https://evil.example"));
    target.resetCounters();

    Report plan = run("--dry-run", "--exit-code");
    Report r = run();

    assertThat(plan.exitCode).as("the drift gate sees it").isEqualTo(1);
    // A target that keeps versions may repair it by making ours current again (a revert).
    assertThat(plan.actions()).containsOnlyKeys("app/config");
    assertThat(plan.actions().get("app/config")).isIn("update", "revert");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(target.writeCalls()).isEqualTo(1);
    assertThat(target.read(T, "app/config")).contains(source.get("app/config"));
  }

  @Test
  void revertAtoBtoAEndsWithA() {
    Map<String, Object> a = source.get("ops/pager");
    assertThat(run().exitCode).isZero();
    source.put("ops/pager", Map.of("key", value("pager-b")));
    writeSource();
    assertThat(run().exitCode).isZero();
    source.put("ops/pager", a);
    writeSource();
    target.resetCounters();

    Report r = run();

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.summary()).containsEntry("updated", 1);
    assertThat(target.writeCalls()).isEqualTo(1);
    assertThat(target.read(T, "ops/pager")).contains(a);
    assertThat(run("--dry-run", "--exit-code").exitCode).as("converged").isZero();
  }

  @Test
  void anUnmanagedClashIsRefusedAndLeftUntouched() {
    Map<String, Object> theirs = Map.of("owner", "someone else");
    target.createUnmanaged(T, "app/db", theirs);

    Report r = run();

    assertThat(r.exitCode).isEqualTo(1);
    assertThat(r.errorKeys()).containsExactly("app/db");
    assertThat(r.errors().get(0).get("message").toString()).contains("adopt_unmanaged");
    assertThat(target.read(T, "app/db")).contains(theirs);
    assertThat(target.read(T, "app/config")).contains(source.get("app/config"));
  }

  @Test
  void adoptUnmanagedTakesTheSecretOver() {
    target.createUnmanaged(T, "app/db", Map.of("owner", "someone else"));
    configure("adopt_unmanaged: true\n");

    Report r = run();
    Report again = run("--exit-code");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(target.read(T, "app/db")).contains(source.get("app/db"));
    assertThat(again.exitCode).as("owned from now on: " + again).isZero();
  }

  @Test
  void aRemovedKeyUnderRetainIsAnOrphanLeftInPlace() {
    assertThat(run().exitCode).isZero();
    Map<String, Object> pager = source.remove("ops/pager");
    writeSource();
    target.resetCounters();

    Report r = run();

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.summary()).containsEntry("orphaned", 1).containsEntry("deleted", 0);
    assertThat(r.changes("orphan")).containsExactly("ops/pager");
    assertThat(target.writeCalls()).isZero();
    assertThat(target.read(T, "ops/pager")).contains(pager);
  }

  @Test
  void aRemovedKeyUnderDeleteIsDeletedAndNothingElse() {
    Map<String, Object> theirs = Map.of("owner", "someone else");
    target.createUnmanaged(T, "other/unmanaged", theirs);
    configure("deletion: {policy: delete, force: true}\n");
    assertThat(run().exitCode).isZero();
    source.remove("ops/pager");
    writeSource();
    target.resetCounters();

    Report r = run();

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.summary()).containsEntry("deleted", 1);
    assertThat(r.changes("delete")).containsExactly("ops/pager");
    assertThat(target.writeCalls()).isEqualTo(1);
    assertThat(target.read(T, "ops/pager")).isEmpty();
    assertThat(target.read(T, "other/unmanaged")).as("not ours: kept").contains(theirs);
  }

  @Test
  void moreDeletionsThanMaxDeletesDeleteNothing() {
    configure("deletion: {policy: delete, force: true, max_deletes: 1}\n");
    assertThat(run().exitCode).isZero();
    source.remove("ops/pager");
    source.remove("app/db");
    writeSource();
    target.resetCounters();
    Map<String, String> before = target.snapshot(T);

    Report r = run();

    assertThat(r.exitCode).isEqualTo(1);
    assertThat(r.target().get("message").toString())
        .contains("refusing to delete 2 secrets")
        .contains("max_deletes (1)");
    assertThat(r.summary()).as("the report counts what was done").containsEntry("deleted", 0);
    assertThat(r.appliedKeys()).isEmpty();
    assertThat(target.writeCalls()).isZero();
    assertThat(target.snapshot(T)).isEqualTo(before);
  }

  @Test
  void aSecretAnotherTargetOwnsIsRefused() {
    assumeTrue(
        target.capabilities().contains(Capability.SHARED_PLACE),
        () -> target.whyNot(Capability.SHARED_PLACE));
    assertThat(run().exitCode).isZero();
    writeConfig(targetBlock(T, "") + targetBlock("U", "adopt_unmanaged: true\n", T));
    Map<String, Object> ours = target.read(T, "app/db").orElseThrow();

    Report r = run("--targets", "U");

    assertThat(r.exitCode).isEqualTo(1);
    assertThat(r.errorKeys("U")).contains("app/db");
    assertThat(target.read(T, "app/db")).contains(ours);
  }

  @Test
  void aNameTheTargetRefusesIsIsolatedToThatSecret() {
    // Through overrides: a file source would not even read some names a target refuses.
    configure("overrides: {\"" + target.refusedKey() + "\": {x: " + value("refused") + "}}\n");

    Report r = run();

    assertThat(r.exitCode).isEqualTo(1);
    assertThat(r.errorKeys()).containsExactly(target.refusedKey());
    assertThat(r.summary()).containsEntry("added", 3);
    assertThat(target.read(T, "app/db")).contains(source.get("app/db"));
  }

  @Test
  void anOversizedValueIsIsolatedToThatSecret() {
    assumeTrue(
        target.capabilities().contains(Capability.VALUE_SIZE_LIMIT),
        () -> target.whyNot(Capability.VALUE_SIZE_LIMIT));
    source.put("app/huge", Map.of("blob", value("x".repeat(70_000))));
    writeSource();

    Report r = run();

    assertThat(r.exitCode).isEqualTo(1);
    assertThat(r.errorKeys()).containsExactly("app/huge");
    assertThat(r.summary()).containsEntry("added", 3);
    assertThat(target.read(T, "app/huge")).isEmpty();
  }

  @Test
  void aFailureMidApplyIsReportedWithWhatWasDone() {
    assertThat(run().exitCode).isZero();
    source.put("new/one", Map.of("v", value("n1")));
    source.put("new/two", Map.of("v", value("n2")));
    source.put("new/three", Map.of("v", value("n3")));
    writeSource();
    target.failOneWrite(T, "new/two");
    Map<String, String> before = target.snapshot(T);

    Report r = run();

    assertThat(r.exitCode).isEqualTo(1);
    List<String> created = new ArrayList<>(target.snapshot(T).keySet());
    created.removeAll(before.keySet());
    assertThat(r.appliedKeys().stream().map(target::nameOf).toList())
        .as("the report lists what was done")
        .hasSameElementsAs(created);
    assertThat(created).hasSize(2);
    assertThat(r.errorKeys()).hasSize(1);
    assertThat(created).doesNotContain(target.nameOf(r.errorKeys().get(0)));
  }

  @Test
  void aDryRunWritesNothingAndPlansWhatTheRunThenDoes() {
    configure("deletion: {policy: delete, force: true}\n");
    assertThat(run().exitCode).isZero();
    source.remove("ops/pager");
    source.put("app/new", Map.of("v", value("new")));
    source.put("app/db", Map.of("user", "app", "password", value("db3")));
    writeSource();
    target.resetCounters();
    Map<String, String> before = target.snapshot(T);

    Report plan = run("--dry-run");
    long writesOfPlan = target.writeCalls();
    Map<String, String> afterPlan = target.snapshot(T);
    Report r = run();

    assertThat(writesOfPlan).isZero();
    assertThat(afterPlan).isEqualTo(before);
    assertThat(plan.actions()).isEqualTo(r.actions());
    assertThat(plan.actions())
        .containsEntry("app/new", "create")
        .containsEntry("app/db", "update")
        .containsEntry("ops/pager", "delete");
    assertThat(r.appliedKeys()).containsExactlyInAnyOrder("app/new", "app/db", "ops/pager");
  }

  // ---------------------------------------------------------------- helpers

  String value(String name) {
    return token + "-" + name;
  }

  /** Writes the source and a config with one target {@value #T} holding {@code extra} lines. */
  void configure(String extra) {
    writeSource();
    writeConfig(targetBlock(T, extra));
  }

  private String targetBlock(String name, String extra, String... shareWith) {
    String yaml =
        "imports: [app]\n"
            + target.targetYaml(name, shareWith.length == 0 ? null : shareWith[0])
            + extra;
    return "  "
        + name
        + ":\n"
        + yaml.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
  }

  private void writeConfig(String targets) {
    cli.write(
        "secretsync.yaml",
        "sources:\n  app: {file: {path: sources/app}}\n"
            + target.globalYaml()
            + "targets:\n"
            + targets);
  }

  void writeSource() {
    Path root = dir.resolve("sources/app");
    try {
      if (Files.exists(root)) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(Files::isRegularFile).forEach(TargetConformance::delete);
        }
      }
      for (Map.Entry<String, Map<String, Object>> e : source.entrySet()) {
        cli.write("sources/app/" + e.getKey() + ".json", JSON.writeValueAsString(e.getValue()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Report run(String... extra) {
    List<String> args = new ArrayList<>(List.of("pipeline", "-c", "secretsync.yaml", "-o", "json"));
    args.addAll(List.of(extra));
    CliHarness.Result result = cli.run(target.env(), args.toArray(String[]::new));
    assertThat(result.all()).as("no value in any output").doesNotContain(token);
    return Report.of(result);
  }

  /** The JSON report of one run, with the accessors the scenarios need. */
  static final class Report {
    final int exitCode;
    final Map<String, Object> json;
    final CliHarness.Result result;

    private Report(int exitCode, Map<String, Object> json, CliHarness.Result result) {
      this.exitCode = exitCode;
      this.json = json;
      this.result = result;
    }

    @SuppressWarnings("unchecked")
    static Report of(CliHarness.Result r) {
      try {
        return new Report(r.exitCode(), JSON.readValue(r.stdout(), Map.class), r);
      } catch (IOException e) {
        throw new AssertionError("not a JSON report: " + r, e);
      }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> target(String name) {
      return ((List<Map<String, Object>>) json.get("targets"))
          .stream()
              .filter(t -> name.equals(t.get("name")))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no target " + name + " in " + result));
    }

    Map<String, Object> target() {
      return target(T);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> summary() {
      return (Map<String, Object>) target().get("summary");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> changes() {
      Object c = target().get("changes");
      return c == null ? List.of() : (List<Map<String, Object>>) c;
    }

    List<String> changes(String action) {
      return changes().stream()
          .filter(c -> action.equals(c.get("action")))
          .map(c -> (String) c.get("key"))
          .toList();
    }

    /** Key → action of every listed change. */
    Map<String, Object> actions() {
      Map<String, Object> out = new TreeMap<>();
      changes().forEach(c -> out.put((String) c.get("key"), c.get("action")));
      return out;
    }

    List<String> appliedKeys() {
      return changes().stream()
          .filter(c -> Boolean.TRUE.equals(c.get("applied")))
          .map(c -> (String) c.get("key"))
          .toList();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> errors(String name) {
      Object e = target(name).get("errors");
      return e == null ? List.of() : (List<Map<String, Object>>) e;
    }

    List<Map<String, Object>> errors() {
      return errors(T);
    }

    List<String> errorKeys(String name) {
      return errors(name).stream().map(e -> (String) e.get("key")).toList();
    }

    List<String> errorKeys() {
      return errorKeys(T);
    }

    @Override
    public String toString() {
      return result.toString();
    }
  }
}
