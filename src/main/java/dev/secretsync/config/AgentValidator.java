package dev.secretsync.config;

import dev.secretsync.core.SecretKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Semantic checks on {@code agent:}; records every problem with its config path. */
final class AgentValidator {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Pattern MODE = Pattern.compile("0?[0-7]{3}");

  /** A POSIX user/group name (portable set, plus the '$' of machine accounts) or a numeric id. */
  private static final Pattern ID = Pattern.compile("[0-9]+|[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?");

  private static final Duration MIN_REFRESH = Duration.ofMillis(100);

  private final YamlContext ctx;
  private final SecretSyncConfig config;

  AgentValidator(YamlContext ctx, SecretSyncConfig config) {
    this.ctx = ctx;
    this.config = config;
  }

  void validate() {
    AgentConfig a = config.agent();
    if (a.health().port() < 0 || a.health().port() > 65_535) {
      ctx.problemAt("agent.health.port", "must be between 0 and 65535");
    }
    if (a.shutdownTimeout().isZero() || a.shutdownTimeout().isNegative()) {
      ctx.problemAt("agent.shutdown_timeout", "must be a positive duration");
    }
    Map<String, Integer> names = new HashMap<>();
    Map<String, Integer> destinations = new HashMap<>();
    List<AgentConfig.Secret> secrets = a.secrets();
    for (int i = 0; i < secrets.size(); i++) {
      AgentConfig.Secret s = secrets.get(i);
      String path = "agent.secrets[" + i + "]";
      if (!NAME.matcher(s.name()).matches()) {
        ctx.problemAt(
            path + ".name",
            s.name().isEmpty()
                ? "name is required"
                : "invalid job name \"" + s.name() + "\": use letters, digits, '_', '.', '-'");
      } else if (names.putIfAbsent(s.name(), i) != null) {
        ctx.problemAt(
            path + ".name",
            "duplicate job name \""
                + s.name()
                + "\" (also agent.secrets["
                + names.get(s.name())
                + "])");
      }
      what(s, path);
      if (s.destination().isBlank()) {
        ctx.problemAt(path + ".destination", "destination (the file to write) is required");
      } else {
        String resolved = config.resolve(s.destination()).toString();
        Integer other = destinations.putIfAbsent(resolved, i);
        if (other != null) {
          ctx.problemAt(
              path + ".destination",
              "agent.secrets[" + other + "] writes the same file; give each job its own file");
        }
      }
      if (s.template() == null && s.templateFile().isEmpty() && !hasTemplateKey(path)) {
        ctx.problemAt(path, "give a template (inline) or a template_file");
      }
      if (!MODE.matcher(s.mode()).matches()) {
        ctx.problemAt(path + ".mode", "expected an octal file mode such as 0400 or 0440");
      }
      if (!s.owner().isEmpty() && !ID.matcher(s.owner()).matches()) {
        ctx.problemAt(path + ".owner", "expected a user name or a numeric uid");
      }
      if (!s.group().isEmpty() && !ID.matcher(s.group()).matches()) {
        ctx.problemAt(path + ".group", "expected a group name or a numeric gid");
      }
      if (!s.refresh().isZero() && s.refresh().compareTo(MIN_REFRESH) < 0) {
        ctx.problemAt(path + ".refresh", "must be at least 100ms, or never");
      }
    }
  }

  /** True when the template was given but failed to parse (already reported). */
  private boolean hasTemplateKey(String path) {
    return ctx.problems.hasPathPrefix(path + ".template");
  }

  /** Exactly one of {@code vault:} or {@code source:} + {@code key:}. */
  private void what(AgentConfig.Secret s, String path) {
    if (s.vault() != null && !s.source().isEmpty()) {
      ctx.problemAt(path + ".source", "give either vault: or source: (with key:), not both");
    } else if (s.vault() != null) {
      vault(s.vault(), path + ".vault");
    } else if (!s.source().isEmpty()) {
      source(s, path);
    } else {
      ctx.problemAt(
          path,
          "what to read is required: vault: {path: <mount>/<key>}, or source: <source name>"
              + " with key: <key>");
    }
    if (!s.key().isEmpty() && s.source().isEmpty()) {
      ctx.problemAt(
          path + ".key",
          s.vault() == null
              ? "key: needs source: (the configured source to read it from)"
              : "key: goes with source:; with vault: the key is the end of path");
    }
  }

  private void source(AgentConfig.Secret s, String path) {
    if (!config.sources().containsKey(s.source())) {
      ctx.problemAt(
          path + ".source",
          "unknown source \""
              + s.source()
              + "\"; known: "
              + (config.sources().isEmpty()
                  ? "none (add it under sources:)"
                  : String.join(", ", new TreeSet<>(config.sources().keySet()))));
    }
    if (s.key().isEmpty()) {
      ctx.problemAt(path + ".key", "key (the secret within source " + s.source() + ") is required");
    } else {
      try {
        SecretKey.of(s.key());
      } catch (IllegalArgumentException e) {
        ctx.problemAt(path + ".key", e.getMessage());
      }
    }
  }

  private void vault(AgentConfig.Vault v, String path) {
    if (v.version() < 0) {
      ctx.problemAt(
          path + ".version", "must be a KV v2 version number (1 or more), or 0 for the latest");
    } else if (v.version() > 0 && "1".equals(v.kvVersion())) {
      ctx.problemAt(
          path + ".version", "KV version 1 keeps no versions: remove version or kv_version: 1");
    }
    if (v.mountName().isEmpty() || v.key().isEmpty() || v.key().endsWith("/")) {
      ctx.problemAt(
          path + ".path",
          "expected <mount>/<key> such as secret/app/db (or set mount: and give the key)");
    } else if (v.path().contains("..") || v.path().contains("//")) {
      ctx.problemAt(path + ".path", "must not contain '..' or '//'");
    }
  }
}
