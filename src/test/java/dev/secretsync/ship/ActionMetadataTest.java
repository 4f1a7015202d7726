package dev.secretsync.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** action.yml: its inputs, outputs and steps agree with entrypoint.sh and the issue's contract. */
class ActionMetadataTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode action() throws IOException {
    return YAML.readTree(ShellScripts.repo().resolve("action.yml").toFile());
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void declaresTheDocumentedInputsEachWithADescriptionAndDefault() throws IOException {
    JsonNode inputs = action().get("inputs");
    assertThat(names(inputs))
        .contains(
            "config",
            "dry-run",
            "diff",
            "output-format",
            "targets",
            "exit-code",
            "merge-only",
            "sync-only",
            "working-directory",
            "log-level",
            "log-format",
            "metrics-push-url",
            "vault-auth");
    inputs
        .fields()
        .forEachRemaining(
            e -> {
              assertThat(e.getValue().path("description").asText()).as(e.getKey()).isNotBlank();
              assertThat(e.getValue().has("default")).as(e.getKey() + " default").isTrue();
              assertThat(e.getValue().path("required").asBoolean(false)).isFalse();
            });
    assertThat(inputs.path("config").path("default").asText()).isEqualTo(".secretsync/config.yaml");
    assertThat(inputs.path("output-format").path("default").asText()).isEqualTo("github");
  }

  @Test
  void declaresTheReportOutputsFromTheRunStep() throws IOException {
    JsonNode outputs = action().get("outputs");
    assertThat(names(outputs))
        .contains(
            "changes",
            "added",
            "updated",
            "deleted",
            "orphaned",
            "unchanged",
            "zero-sum",
            "report-json");
    outputs
        .fields()
        .forEachRemaining(
            e ->
                assertThat(e.getValue().path("value").asText())
                    .isEqualTo("${{ steps.run.outputs." + e.getKey() + " }}"));
  }

  @Test
  void everyInputReachesTheEntrypointOnlyThroughTheEnvironment() throws IOException {
    JsonNode action = action();
    JsonNode steps = action.path("runs").path("steps");
    assertThat(action.path("runs").path("using").asText()).isEqualTo("composite");
    JsonNode run = null;
    for (JsonNode step : steps) {
      // no ${{ }} in any script text: that is where expression injection happens
      assertThat(step.path("run").asText()).doesNotContain("${{");
      if ("run".equals(step.path("id").asText())) {
        run = step;
      }
    }
    assertThat(run).isNotNull();
    assertThat(run.path("run").asText()).isEqualTo("bash \"$GITHUB_ACTION_PATH/entrypoint.sh\"");
    Map<String, String> env = new HashMap<>();
    run.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    String entrypoint =
        Files.readString(ShellScripts.repo().resolve("entrypoint.sh"), StandardCharsets.UTF_8);
    for (String input : names(action.get("inputs"))) {
      String var = "INPUT_" + input.toUpperCase(Locale.ROOT).replace('-', '_');
      assertThat(env).as(input).containsEntry(var, "${{ inputs." + input + " }}");
      assertThat(entrypoint)
          .as("entrypoint.sh validates " + input)
          .containsPattern("(?m)^\\s*(path|bool|oneof|input) " + input + " ");
    }
    assertThat(env.keySet().stream().filter(k -> k.startsWith("INPUT_")))
        .hasSize(names(action.get("inputs")).size());
  }

  @Test
  void installStepUsesABuiltExecutableAndTheRunnersJava(@TempDir Path tmp) throws IOException {
    Path bash = ShellScripts.bash();
    Path actionDir = Files.createDirectories(tmp.resolve("_actions/o/secretsync/main"));
    Path fake =
        ShellScripts.script(
            actionDir.resolve("target/secretsync"),
            "#!/usr/bin/env bash\necho \"secretsync 9.9.9 $*\"\n");
    Path output = tmp.resolve("github_output");
    Files.writeString(output, "");
    String javaHome = System.getProperty("java.home");
    ShellScripts.Run r =
        ShellScripts.run(
            List.of(
                bash.toString(),
                ShellScripts.repo().resolve("scripts/action-install.sh").toString()),
            tmp,
            Map.of(
                "PATH",
                "/usr/local/bin:/usr/bin:/bin",
                "GITHUB_ACTION_PATH",
                actionDir.toString(),
                "GITHUB_OUTPUT",
                output.toString(),
                "JAVA_HOME",
                javaHome));
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("secretsync 9.9.9 version");
    assertThat(Files.readAllLines(output)).containsExactly("bin=" + fake, "java-home=" + javaHome);
  }
}
