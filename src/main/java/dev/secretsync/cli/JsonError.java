package dev.secretsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config or usage error as the JSON document {@code -o json} promises on stdout, so a CI step
 * that parses the report can parse the failure too: {@code {"schema_version": 1, "ok": false,
 * "error": "…", "problems": ["…"]}}. The text still goes to stderr.
 */
final class JsonError {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonError() {}

  static String render(String error, List<String> problems) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema_version", 1);
    root.put("ok", false);
    root.put("error", error);
    root.put("problems", problems);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the JSON error", e);
    }
  }
}
