package dev.secretsync.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.secretsync.config.ConfigLoader;
import dev.secretsync.config.SecretSyncConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/kubernetes: every manifest passes a strict schema check against the Kubernetes API types
 * (see {@link KubernetesSchemas}; the offline equivalent of {@code kubeconform -strict}), the
 * CronJob follows the hardening rules, and the embedded config loads.
 */
class KubernetesManifestsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static KubernetesSchemas schemas;
  private static Map<String, JsonNode> byKind;
  private static final Map<String, JsonNode> byName = new java.util.HashMap<>();

  @BeforeAll
  static void load() throws IOException {
    schemas = new KubernetesSchemas();
    byKind = new java.util.HashMap<>();
    for (Path file : manifestFiles()) {
      for (JsonNode doc : documents(file)) {
        // The first of a kind (cronjob.yaml sorts before indexed-job.yaml's CronJobs).
        byKind.putIfAbsent(doc.path("kind").asText(), doc);
        byName.put(doc.path("metadata").path("name").asText(), doc);
      }
    }
  }

  private static Path dir() {
    return ShellScripts.repo().resolve("examples/kubernetes");
  }

  private static List<Path> manifestFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir())) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
          .sorted()
          .toList();
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

  @Test
  void everyManifestMatchesTheKubernetesApiSchemaStrictly() throws IOException {
    int checked = 0;
    for (Path file : manifestFiles()) {
      for (JsonNode doc : documents(file)) {
        assertThat(schemas.validate(doc)).as(file.getFileName().toString()).isEmpty();
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(4);
  }

  @Test
  void theSchemaCheckCatchesTyposWrongTypesAndMissingNames() throws IOException {
    JsonNode good = byKind.get("CronJob");
    String text = YAML.writeValueAsString(good);
    assertThat(schemas.validate(YAML.readTree(text))).isEmpty();
    assertThat(
            schemas.validate(
                YAML.readTree(text.replace("readOnlyRootFilesystem", "readOnlyRootFileSystem"))))
        .anyMatch(m -> m.contains("readOnlyRootFileSystem"));
    assertThat(
            schemas.validate(YAML.readTree(text.replace("backoffLimit: 2", "backoffLimit: two"))))
        .isNotEmpty();
    assertThat(schemas.validate(YAML.readTree(text.replace("name: \"secretsync\"\n", "x: y\n"))))
        .isNotEmpty();
    assertThat(schemas.validate(YAML.readTree("apiVersion: v1\nkind: Pod2\nmetadata: {name: x}")))
        .anyMatch(m -> m.contains("no schema"));
  }

  @Test
  void cronJobRunsOneBoundedNonRootReadOnlyJobAtATime() {
    JsonNode cron = byKind.get("CronJob").path("spec");
    assertThat(cron.path("concurrencyPolicy").asText()).isEqualTo("Forbid");
    JsonNode job = cron.path("jobTemplate").path("spec");
    assertThat(job.path("backoffLimit").isInt()).isTrue();
    assertThat(job.path("activeDeadlineSeconds").asInt()).isPositive();
    JsonNode pod = job.path("template").path("spec");
    assertThat(pod.path("restartPolicy").asText()).isEqualTo("Never");
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(65532);
    assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
    assertThat(pod.path("containers")).hasSize(1);
    JsonNode c = pod.path("containers").get(0);
    JsonNode sc = c.path("securityContext");
    assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(sc.path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(c.path("resources").path("requests").path("memory").asText()).isNotEmpty();
    assertThat(c.path("resources").path("limits").path("memory").asText()).isNotEmpty();
    assertThat(c.path("image").asText()).matches(DockerfileTest.PINNED).contains(":");
    assertThat(c.path("args").toString()).contains("\"--config\",\"/config/secretsync.yaml\"");
    assertThat(c.path("env").toString()).contains("-XX:SharedArchiveFile=");
  }

  @Test
  void indexedJobSyncsOneShardPerPodAfterTheMergeOnlyJob() {
    JsonNode merge = byName.get("secretsync-merge").path("spec");
    JsonNode sync = byName.get("secretsync-sync").path("spec");
    assertThat(merge.at("/jobTemplate/spec/template/spec/containers/0/args").toString())
        .contains("\"--merge-only\"");
    JsonNode job = sync.path("jobTemplate").path("spec");
    assertThat(job.path("completionMode").asText()).isEqualTo("Indexed");
    int shards = job.path("completions").asInt();
    assertThat(shards).isGreaterThan(1);
    assertThat(job.path("parallelism").asInt()).isEqualTo(shards);
    JsonNode c = job.at("/template/spec/containers/0");
    // The shard count in the args must be the Job's completions, or shards would be lost.
    assertThat(c.path("args").toString())
        .contains("\"--sync-only\"")
        .contains("\"--shards\",\"" + shards + "\"");
    assertThat(c.path("env").toString()).contains("SECRETSYNC_METRICS_PUSH_URL");
    assertThat(job.at("/template/spec/serviceAccountName").asText()).isEqualTo("secretsync");
    assertThat(job.at("/template/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
    // The sync runs after the merge in the same hour.
    assertThat(merge.path("schedule").asText()).startsWith("0 ");
    assertThat(sync.path("schedule").asText()).startsWith("10 ");
  }

  @Test
  void serviceAccountCarriesTheIrsaRoleAndCronJobUsesIt() {
    JsonNode sa = byKind.get("ServiceAccount");
    assertThat(sa.path("metadata").path("annotations").path("eks.amazonaws.com/role-arn").asText())
        .matches("arn:aws:iam::\\d{12}:role/.+");
    assertThat(
            byKind
                .get("CronJob")
                .at("/spec/jobTemplate/spec/template/spec/serviceAccountName")
                .asText())
        .isEqualTo(sa.path("metadata").path("name").asText());
  }

  @Test
  void kustomizationListsEveryManifest() throws IOException {
    JsonNode k = YAML.readTree(dir().resolve("kustomization.yaml").toFile());
    List<String> resources = new ArrayList<>();
    k.path("resources").forEach(r -> resources.add(r.asText()));
    // indexed-job.yaml replaces cronjob.yaml for sharded fleets: listed by the user, not by
    // default.
    assertThat(resources)
        .containsExactlyInAnyOrderElementsOf(
            manifestFiles().stream()
                .map(p -> p.getFileName().toString())
                .filter(n -> !n.equals("indexed-job.yaml"))
                .toList());
  }

  @Test
  void embeddedConfigLoadsAndMatchesTheMounts(@TempDir Path tmp) throws IOException {
    String config = byKind.get("ConfigMap").path("data").path("secretsync.yaml").asText();
    Path file = tmp.resolve("secretsync.yaml");
    Files.writeString(file, config, StandardCharsets.UTF_8);
    SecretSyncConfig loaded =
        new ConfigLoader(
                Map.of(),
                Set.of(
                    "source:file",
                    "source:vault",
                    "target:file",
                    "target:aws_secretsmanager",
                    "store:memory",
                    "store:directory",
                    "store:s3"))
            .load(file, "examples/kubernetes/configmap.yaml#secretsync.yaml");
    assertThat(loaded.targets()).containsKeys("Staging", "Production");
    assertThat(loaded.metrics().pushUrl()).startsWith("http://");
    // The Vault token file is the projected volume the CronJob mounts.
    JsonNode pod = byKind.get("CronJob").at("/spec/jobTemplate/spec/template/spec");
    String mount = null;
    for (JsonNode m : pod.at("/containers/0/volumeMounts")) {
      if (m.path("name").asText().equals("vault-token")) {
        mount = m.path("mountPath").asText();
      }
    }
    String tokenPath = null;
    for (JsonNode v : pod.path("volumes")) {
      if (v.path("name").asText().equals("vault-token")) {
        tokenPath = v.at("/projected/sources/0/serviceAccountToken/path").asText();
      }
    }
    assertThat(config).contains("token_file: " + mount + "/" + tokenPath);
  }
}
