package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.secretsync.testkit.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code secretsync schema}: the published copy is current, and every example passes it. */
class SchemaCommandTest {
  private static final Path PUBLISHED = Path.of("docs/secretsync.schema.json");
  private static final String MODELINE =
      "# yaml-language-server: $schema=../../docs/secretsync.schema.json\n";
  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path dir;
  private CliHarness cli;
  private JsonSchema schema;

  @BeforeEach
  void printSchema() throws Exception {
    cli = new CliHarness(dir);
    CliHarness.Result r = cli.run("schema");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.stdout());
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(json);
  }

  @Test
  void publishedSchemaIsTheGeneratedOne() throws Exception {
    String printed = cli.run("schema").stdout();

    assertThat(Files.readString(PUBLISHED))
        .as(
            "docs/secretsync.schema.json is stale: run 'secretsync schema >"
                + " docs/secretsync.schema.json'")
        .isEqualTo(printed);
  }

  @Test
  void everyExampleStartsWithTheModelineAndPassesSchemaAndValidate() throws Exception {
    for (String example :
        new String[] {
          "examples/quickstart/secretsync.yaml", "examples/github-target/secretsync.yaml"
        }) {
      String text = Files.readString(Path.of(example));

      assertThat(text).as(example).startsWith(MODELINE);
      assertThat(schema.validate(YAML.readTree(text))).as(example).isEmpty();
      CliHarness.Result r =
          cli.run(
              Map.of("GITHUB_TOKEN", "t", "VAULT_ADDR", "https://vault.example"),
              "validate",
              "--config",
              Path.of(example).toAbsolutePath().toString());
      assertThat(r.exitCode()).as(example + "\n" + r).isZero();
    }
    JsonNode configMap = YAML.readTree(Path.of("examples/kubernetes/configmap.yaml").toFile());
    String embedded = configMap.path("data").path("secretsync.yaml").asText();
    assertThat(embedded).contains("targets:");
    assertThat(schema.validate(YAML.readTree(embedded))).as("kubernetes configmap").isEmpty();
  }

  @Test
  void aBrokenConfigFailsSchemaAndValidateAlike() throws Exception {
    String broken =
        """
        sources: {base: {file: {path: secrets}}}
        targets:
          Staging:
            type: file
            path: out
            imports: [base]
            deletion: {policy: purge}
            adopt_unmanged: true
        """;
    cli.write("secretsync.yaml", broken);

    var schemaSays = schema.validate(YAML.readTree(broken));
    CliHarness.Result r = cli.run("validate", "--config", "secretsync.yaml");

    assertThat(schemaSays).hasSizeGreaterThanOrEqualTo(2);
    assertThat(schemaSays.toString()).contains("policy").contains("adopt_unmanged");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.stderr())
        .contains("targets.Staging.deletion.policy: \"purge\" is not one of")
        .contains("targets.Staging.adopt_unmanged: unknown key");
  }
}
