package dev.secretsync.provider.file;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.secretsync.core.IoProblems;
import dev.secretsync.core.Printable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads YAML and JSON files holding secrets. Parse errors name the file, line and column but never
 * quote the content: a secret file's syntax error may sit right in a value.
 */
final class JsonFiles {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();
  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

  private JsonFiles() {}

  /** Thrown for unreadable or malformed files; the message is safe to print. */
  static final class BadFileException extends IOException {
    BadFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Whether {@code name} is a YAML or JSON file we read. */
  static boolean isSecretFile(String name) {
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  /** Reads a file whose top level must be an object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> readObject(Path file, String displayName) throws BadFileException {
    ObjectMapper mapper = file.getFileName().toString().endsWith(".json") ? JSON : YAML;
    Object value;
    try (JsonParser parser = mapper.createParser(file.toFile())) {
      value = mapper.readValue(parser, Object.class);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      Matcher dup = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
      if (dup.lookingAt()) {
        // Field names are not secret (values are, and never appear): name the key to fix.
        throw new BadFileException(
            displayName
                + ": the field \""
                + Printable.of(dup.group(1))
                + "\" appears twice"
                + (loc == null || loc.getLineNr() < 0 ? "" : " (line " + loc.getLineNr() + ")")
                + "; keep one",
            null);
      }
      String where =
          loc == null || loc.getLineNr() < 0
              ? ""
              : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new BadFileException(
          displayName
              + ": not valid "
              + (mapper == JSON ? "JSON" : "YAML")
              + where
              + " (the parser's message is not shown because the file holds secrets)",
          null);
    } catch (IOException e) {
      throw new BadFileException(displayName + ": cannot read: " + IoProblems.describe(e), e);
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new BadFileException(
          displayName
              + ": the top level must be an object of fields (key: value), found "
              + kind(value),
          null);
    }
    return (Map<String, Object>) map;
  }

  /** Writes an object as JSON text (used for the manifest and stores, never logged). */
  static String write(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise JSON", e);
    }
  }

  private static String kind(Object v) {
    if (v == null) {
      return "an empty document";
    }
    if (v instanceof java.util.List<?>) {
      return "a list";
    }
    return "a single value";
  }
}
