package dev.secretsync.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes API object schemas for validating manifests offline, like {@code kubeconform -strict}:
 * the JSON Schemas that fabric8's {@code kubernetes-model-*} jars (Maven Central) ship as {@code
 * schema/validation-schema.json}, generated from the Kubernetes Go types. Made strict here: unknown
 * fields are errors, and the types that serialise as strings or numbers in YAML ({@code Quantity},
 * {@code IntOrString}, {@code Time}) are declared so.
 */
final class KubernetesSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** "apiVersion kind" → the root document (definitions) and the definition's name. */
  private final Map<String, Map.Entry<ObjectNode, String>> index = new HashMap<>();

  private final Map<String, JsonSchema> compiled = new HashMap<>();

  KubernetesSchemas() {
    try {
      List<URL> urls =
          Collections.list(
              KubernetesSchemas.class
                  .getClassLoader()
                  .getResources("schema/validation-schema.json"));
      if (urls.isEmpty()) {
        throw new IllegalStateException("no fabric8 kubernetes-model jar on the test classpath");
      }
      for (URL url : urls) {
        JsonNode doc;
        try (InputStream in = url.openStream()) {
          doc = JSON.readTree(in);
        }
        ObjectNode definitions = (ObjectNode) doc.get("definitions");
        strictify(definitions);
        ObjectNode root = NODES.objectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.set("definitions", definitions);
        definitions
            .fields()
            .forEachRemaining(
                e -> {
                  JsonNode props = e.getValue().path("properties");
                  String apiVersion = props.path("apiVersion").path("default").asText("");
                  String kind = props.path("kind").path("default").asText("");
                  if (!apiVersion.isEmpty() && !kind.isEmpty()) {
                    index.putIfAbsent(apiVersion + " " + kind, Map.entry(root, e.getKey()));
                  }
                });
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Problems of one manifest document; empty when it is valid. */
  List<String> validate(JsonNode manifest) {
    String apiVersion = manifest.path("apiVersion").asText("");
    String kind = manifest.path("kind").asText("");
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      return List.of("$: apiVersion and kind are required");
    }
    String key = apiVersion + " " + kind;
    if (!index.containsKey(key)) {
      return List.of("$: no schema for " + key + " (add its fabric8 kubernetes-model jar)");
    }
    JsonSchema schema =
        compiled.computeIfAbsent(
            key,
            k -> {
              Map.Entry<ObjectNode, String> entry = index.get(k);
              ObjectNode root = entry.getKey().deepCopy();
              root.put("$ref", "#/definitions/" + entry.getValue());
              return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(root);
            });
    List<String> problems = new ArrayList<>();
    Set<ValidationMessage> messages = schema.validate(manifest);
    messages.forEach(m -> problems.add(m.getMessage()));
    if (manifest.path("metadata").path("name").asText("").isEmpty()) {
      problems.add("$.metadata.name: is required");
    }
    return problems;
  }

  private static void strictify(ObjectNode definitions) {
    Iterator<Map.Entry<String, JsonNode>> it = definitions.fields();
    List<String> names = new ArrayList<>();
    it.forEachRemaining(e -> names.add(e.getKey()));
    for (String name : names) {
      if (name.endsWith("_Quantity")) {
        definitions.set(name, types("string", "number"));
      } else if (name.endsWith("_IntOrString")) {
        definitions.set(name, types("string", "integer"));
      } else if (name.endsWith("_Time") || name.endsWith("_MicroTime")) {
        definitions.set(name, types("string"));
      } else {
        strictify(definitions.get(name));
      }
    }
  }

  private static ObjectNode types(String... types) {
    ObjectNode node = NODES.objectNode();
    ArrayNode array = node.putArray("type");
    for (String t : types) {
      array.add(t);
    }
    return node;
  }

  /** Closes objects with declared properties and drops fabric8's Java-generation keywords. */
  private static void strictify(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> drop = new ArrayList<>();
      object
          .fieldNames()
          .forEachRemaining(
              f -> {
                if (f.startsWith("java") || f.equals("existingJavaType")) {
                  drop.add(f);
                }
              });
      object.remove(drop);
      JsonNode properties = object.get("properties");
      if (properties instanceof ObjectNode props) {
        if (object.path("additionalProperties").isBoolean()
            || !object.has("additionalProperties")) {
          object.put("additionalProperties", false);
        }
        props.fields().forEachRemaining(e -> ((ObjectNode) e.getValue()).remove("required"));
      }
      object.elements().forEachRemaining(KubernetesSchemas::strictify);
    } else if (node instanceof ArrayNode array) {
      array.forEach(KubernetesSchemas::strictify);
    }
  }
}
