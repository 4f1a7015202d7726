package dev.secretsync.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.secretsync.testkit.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * examples/agent: the two compose files (Vault dev, OpenBao dev) wire server → seed → sidecar → app
 * as docs/agent.md says, the Kubernetes manifests pass the strict schema check and use a native
 * sidecar, and every embedded agent config passes {@code secretsync validate}.
 */
class AgentExamplesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static Path dir() {
    return ShellScripts.repo().resolve("examples/agent");
  }

  @ParameterizedTest
  @ValueSource(strings = {"docker-compose.vault.yml", "docker-compose.openbao.yml"})
  void composeRunsTheSidecarNextToTheAppOnASharedTmpfsVolume(String file) throws IOException {
    JsonNode services = YAML.readTree(dir().resolve(file).toFile()).path("services");
    JsonNode sidecar = services.path("secrets");
    JsonNode app = services.path("app");
    JsonNode seed = services.path("seed");

    assertThat(sidecar.at("/build/target").asText()).isEqualTo("agent");
    assertThat(sidecar.at("/healthcheck/test").toString())
        .isEqualTo("[\"CMD\",\"secretsync\",\"isready\"]");
    assertThat(sidecar.at("/depends_on/seed/condition").asText())
        .isEqualTo("service_completed_successfully");
    assertThat(app.at("/depends_on/secrets/condition").asText()).isEqualTo("service_healthy");
    assertThat(sidecar.path("volumes").toString()).contains("secrets:/secrets\"");
    assertThat(app.path("volumes").toString()).contains("secrets:/secrets:ro");
    assertThat(
            YAML.readTree(dir().resolve(file).toFile())
                .at("/volumes/secrets/driver_opts/type")
                .asText())
        .isEqualTo("tmpfs");
    assertThat(seed.path("entrypoint").toString()).contains("/seed.sh");
    String server = file.contains("openbao") ? "openbao" : "vault";
    assertThat(services.path(server).path("image").asText())
        .isEqualTo(file.contains("openbao") ? "openbao/openbao:2.4.1" : "hashicorp/vault:1.18.5");
    assertThat(seed.path("image").asText()).isEqualTo(services.path(server).path("image").asText());
    assertThat(sidecar.at("/environment/VAULT_ADDR").asText())
        .isEqualTo("http://" + server + ":8200");
    services.forEach(
        s -> {
          if (!s.has("build")) {
            assertThat(s.path("image").asText()).matches(DockerfileTest.PINNED).contains(":");
          }
        });
    assertThat(sidecar.path("command").toString()).contains("/config/agent.yaml");
  }

  @Test
  void theSeedScriptWritesEveryPathTheAgentConfigReads() throws IOException {
    String seed = Files.readString(dir().resolve("seed.sh"));
    String config = Files.readString(dir().resolve("agent.yaml"));

    for (String key : List.of("app/db", "app/api", "app/flags")) {
      assertThat(config).contains("vault: {path: secret/" + key + "}");
      assertThat(seed).contains("kv put -mount=secret " + key + " ");
    }
    assertThat(Files.isExecutable(dir().resolve("seed.sh"))).isTrue();
  }

  @Test
  void kubernetesManifestsPassTheStrictSchemaAndUseANativeSidecar() throws IOException {
    KubernetesSchemas schemas = new KubernetesSchemas();
    Map<String, JsonNode> byKind = new HashMap<>();
    for (Path f : kubernetesFiles()) {
      for (JsonNode doc : documents(f)) {
        assertThat(schemas.validate(doc)).as(f.getFileName().toString()).isEmpty();
        byKind.put(doc.path("kind").asText(), doc);
      }
    }
    assertThat(byKind).containsKeys("Pod", "ConfigMap", "ServiceAccount");

    JsonNode pod = byKind.get("Pod").path("spec");
    JsonNode sidecar = pod.path("initContainers").get(0);
    assertThat(sidecar.path("restartPolicy").asText()).isEqualTo("Always");
    assertThat(sidecar.at("/startupProbe/httpGet/path").asText()).isEqualTo("/ready");
    assertThat(sidecar.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
    assertThat(sidecar.path("image").asText()).matches(DockerfileTest.PINNED).contains(":");
    assertThat(sidecar.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(65532);
    assertThat(pod.path("serviceAccountName").asText())
        .isEqualTo(byKind.get("ServiceAccount").at("/metadata/name").asText());
    JsonNode app = pod.path("containers").get(0);
    assertThat(app.path("volumeMounts").toString())
        .contains("{\"name\":\"secrets\",\"mountPath\":\"/secrets\",\"readOnly\":true}");
    assertThat(pod.path("volumes").toString()).contains("\"medium\":\"Memory\"");
    // The status file's directory is writable although the root file system is read-only.
    assertThat(sidecar.path("volumeMounts").toString()).contains("/run/secretsync");
  }

  /** Every embedded config passes `secretsync validate`, offline, templates included. */
  @Test
  void everyAgentConfigValidates(@TempDir Path tmp) throws IOException {
    List<String> configs = new ArrayList<>();
    configs.add(Files.readString(dir().resolve("agent.yaml")));
    for (Path f : kubernetesFiles()) {
      for (JsonNode doc : documents(f)) {
        if (doc.path("kind").asText().equals("ConfigMap")) {
          configs.add(doc.at("/data/secretsync.yaml").asText());
        }
      }
    }
    CliHarness cli = new CliHarness(tmp);
    for (String config : configs) {
      cli.write("agent.yaml", config);

      CliHarness.Result r = cli.run(Map.of(), "validate", "--config", "agent.yaml");

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.stdout()).containsPattern("agent: \\d+ job\\(s\\), templates parsed");
    }
    assertThat(configs).hasSize(2);
  }

  private static List<Path> kubernetesFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir().resolve("kubernetes"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }
}
