package dev.secretsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schema and the loader agree: a document with every key the schema names raises no "unknown
 * key" in the loader, and a stray key in any closed mapping is rejected by both, at the same path.
 */
class ConfigSchemaTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final YAMLMapper YAML = new YAMLMapper();
  private static JsonNode schemaJson;
  private static JsonSchema schema;

  @BeforeAll
  static void generate() throws Exception {
    schemaJson = new ObjectMapper().readTree(ConfigSchema.json());
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson);
  }

  /** A value the schema accepts for {@code s}, with every property of every mapping filled in. */
  private static JsonNode sample(JsonNode s) {
    if (s.has("anyOf")) {
      return sample(s.get("anyOf").get(0));
    }
    if (s.has("enum")) {
      return s.get("enum").get(0);
    }
    JsonNode types = s.path("type");
    String type = types.isArray() ? types.get(0).asText() : types.asText("any");
    return switch (type) {
      case "object" -> {
        ObjectNode o = F.objectNode();
        if (s.has("properties")) {
          s.get("properties")
              .fields()
              .forEachRemaining(e -> o.set(e.getKey(), sample(e.getValue())));
        } else if (s.get("additionalProperties") instanceof ObjectNode entry) {
          o.set("entry", sample(entry));
        }
        yield o;
      }
      case "array" -> F.arrayNode().add(sample(s.get("items")));
      case "string" -> F.textNode("x");
      case "integer" -> F.numberNode(1);
      case "boolean" -> F.booleanNode(true);
      default -> F.nullNode();
    };
  }

  /** Paths (loader syntax) of every mapping in {@code doc} whose schema is closed. */
  private static void closedPaths(JsonNode s, JsonNode doc, String path, List<String> out) {
    if (s.has("anyOf")) {
      closedPaths(s.get("anyOf").get(0), doc, path, out);
      return;
    }
    if (doc instanceof ObjectNode o) {
      if (s.path("additionalProperties").isBoolean()) {
        out.add(path);
      }
      o.fields()
          .forEachRemaining(
              e -> {
                JsonNode child =
                    s.has("properties")
                        ? s.get("properties").get(e.getKey())
                        : s.get("additionalProperties");
                if (child != null && child.isObject()) {
                  String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                  closedPaths(child, e.getValue(), p, out);
                }
              });
    } else if (doc instanceof ArrayNode a && s.has("items")) {
      for (int i = 0; i < a.size(); i++) {
        closedPaths(s.get("items"), a.get(i), path + "[" + i + "]", out);
      }
    }
  }

  private static List<String> loaderProblems(JsonNode doc) throws Exception {
    try {
      new ConfigLoader(Map.of(), Set.of())
          .parse(YAML.writeValueAsString(doc), Path.of("/tmp/secretsync.yaml"), "f.yaml");
      return List.of();
    } catch (ConfigException e) {
      return e.problems().stream().map(Object::toString).toList();
    }
  }

  @Test
  void everyKeyInTheSchemaIsKnownToTheLoader() throws Exception {
    JsonNode full = sample(schemaJson);

    List<String> problems = loaderProblems(full);

    assertThat(schema.validate(full)).isEmpty();
    assertThat(full.path("targets").path("entry").path("deletion").path("max_deletes").asInt())
        .as("the sample reaches nested keys")
        .isEqualTo(1);
    assertThat(full.path("agent").path("secrets").get(0).has("template_file")).isTrue();
    assertThat(problems).noneMatch(p -> p.contains("unknown key"));
  }

  @Test
  void aKeyTheSchemaLacksIsUnknownToTheLoaderToo() throws Exception {
    JsonNode full = sample(schemaJson);
    List<String> closed = new ArrayList<>();
    closedPaths(schemaJson, full, "", closed);
    assertThat(closed)
        .hasSizeGreaterThan(20)
        .contains("", "targets.entry.github", "agent.secrets[0]");

    for (String path : closed) {
      JsonNode doc = full.deepCopy();
      ObjectNode at = (ObjectNode) (path.isEmpty() ? doc : doc.at(pointer(path)));
      at.put("bogus_key", "x");

      Set<ValidationMessage> schemaSays = schema.validate(doc);
      List<String> loaderSays = loaderProblems(doc);

      String where = path.isEmpty() ? "bogus_key" : path + ".bogus_key";
      assertThat(schemaSays).as("schema at %s", where).isNotEmpty();
      assertThat(loaderSays)
          .as("loader at %s", where)
          .anyMatch(p -> p.contains(where + ": unknown key \"bogus_key\""));
    }
  }

  private static String pointer(String path) {
    return "/" + path.replace(".", "/").replaceAll("\\[(\\d+)]", "/$1");
  }

  @Test
  void wrongTypesAreRejectedByTheSchema() throws Exception {
    JsonNode doc =
        YAML.readTree(
            """
            sources: {a: {vault: {mount: m, kv_version: 3}}}
            targets: {T: {imports: a, deletion: {max_deletes: many}}}
            circuit_breaker: {window: soon}
            logging: {level: loud}
            """);

    Set<ValidationMessage> messages = schema.validate(doc);

    assertThat(messages.stream().map(ValidationMessage::getInstanceLocation).map(Object::toString))
        .contains(
            "$.sources.a.vault.kv_version",
            "$.targets.T.imports",
            "$.targets.T.deletion.max_deletes",
            "$.circuit_breaker.window",
            "$.logging.level");
  }
}
