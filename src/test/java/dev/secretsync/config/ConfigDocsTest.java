package dev.secretsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every key of the config records is documented in {@code docs/configuration.md}: add a field, and
 * this test fails until the reference mentions it.
 */
class ConfigDocsTest {
  /** Record components that are not YAML keys, or whose YAML key is spelt differently. */
  private static final Map<String, String> YAML_NAME =
      Map.ofEntries(
          Map.entry("file", "file"), // SecretSyncConfig.file: not a key, but sources use file:
          Map.entry("name", ""), // sources.<name>, targets.<name>: map keys
          Map.entry("roleName", "execution_role"),
          Map.entry("rolePath", "execution_role"),
          Map.entry("openFor", "timeout"),
          Map.entry(
              "scoping", ""), // GitHubConfig.scoping: its keys sit in the github: block itself
          Map.entry("branchPatterns", "deployment_branch_policy"), // a list there = the patterns
          Map.entry("kind", "forbid_delete"), // PolicyConfig.kind: the rule's own key names it
          Map.entry("cacheTtl", "cache.ttl"),
          Map.entry("tagsAll", "tags.all"),
          Map.entry("tagsAny", "tags.any"));

  @Test
  void everyConfigKeyIsInTheReference() throws Exception {
    String doc = Files.readString(Path.of("docs/configuration.md"));
    Set<String> missing = new TreeSet<>();
    Deque<Class<?>> todo = new ArrayDeque<>();
    Set<Class<?>> seen = new HashSet<>();
    todo.add(SecretSyncConfig.class);
    while (!todo.isEmpty()) {
      Class<?> type = todo.poll();
      if (!seen.add(type) || !type.isRecord()) {
        continue;
      }
      for (RecordComponent c : type.getRecordComponents()) {
        String yaml = YAML_NAME.getOrDefault(c.getName(), snake(c.getName()));
        if (!yaml.isEmpty() && !doc.contains(yaml)) {
          missing.add(type.getSimpleName() + "." + c.getName() + " (" + yaml + ")");
        }
        enqueue(c.getGenericType(), todo);
      }
    }
    assertThat(seen).as("the walk reached the nested records").hasSizeGreaterThan(15);
    assertThat(missing).as("keys missing from docs/configuration.md").isEmpty();
  }

  private static void enqueue(Type t, Deque<Class<?>> todo) {
    if (t instanceof Class<?> c && c.getName().startsWith("dev.secretsync.config")) {
      todo.add(c);
    } else if (t instanceof ParameterizedType p) {
      for (Type arg : p.getActualTypeArguments()) {
        enqueue(arg, todo);
      }
    }
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
