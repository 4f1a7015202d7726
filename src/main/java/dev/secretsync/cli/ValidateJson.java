package dev.secretsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.provider.github.GitHubCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code validate -o json}: the config's counts and one entry per {@code --check-*} check, with its
 * problems, warnings and (GitHub) per-name findings. Schema documented in docs/troubleshooting.md.
 */
final class ValidateJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ValidateJson() {}

  static String render(String file, SecretSyncConfig config, List<Preflight.Outcome> outcomes) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema_version", 1);
    root.put("ok", outcomes.stream().allMatch(o -> o.problems().isEmpty()));
    root.put("config", file);
    root.put("sources", config.sources().size());
    root.put("targets", config.targets().size());
    List<Map<String, Object>> checks = new ArrayList<>();
    for (Preflight.Outcome o : outcomes) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("name", o.name());
      c.put("ok", o.problems().isEmpty());
      c.put("summary", o.problems().isEmpty() ? o.summary() : null);
      c.put("problems", o.problems());
      c.put("warnings", o.warnings());
      if (!o.findings().isEmpty()) {
        c.put("findings", o.findings().stream().map(ValidateJson::finding).toList());
      }
      checks.add(c);
    }
    root.put("checks", checks);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the validate report", e);
    }
  }

  private static Map<String, Object> finding(GitHubCheck.Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", f.target());
    m.put("scope", f.scope());
    m.put("kind", f.kind().label());
    m.put("detail", f.detail());
    m.put("remediation", f.remediation());
    m.put("failing", f.failing());
    return m;
  }
}
