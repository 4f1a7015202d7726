package dev.secretsync.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The agent's status document, served by {@code /ready} and kept in the status file for {@code
 * secretsync isready}. It names jobs and errors, never values.
 */
public final class StatusJson {
  /** A status file older than this means the agent is gone (it rewrites the file every 10s). */
  public static final Duration STALE_AFTER = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusJson() {}

  static String render(boolean ready, String health, Instant now, List<JobStatus> jobs) {
    ObjectNode root = JSON.createObjectNode();
    root.put("ready", ready);
    root.put("updated", now.toString());
    root.put("health", health);
    ArrayNode list = root.putArray("jobs");
    for (JobStatus j : jobs) {
      ObjectNode o = list.addObject();
      o.put("name", j.name());
      o.put("required", j.required());
      o.put("rendered", j.rendered());
      o.put("last_success", j.lastSuccess() == null ? null : j.lastSuccess().toString());
      o.put("last_error", j.lastError());
      o.put("next_refresh", j.nextRefresh() == null ? null : j.nextRefresh().toString());
      o.put("failures", j.failures());
    }
    return root.toPrettyString() + "\n";
  }

  /**
   * Reads a status file: ready when it says so and was written within {@link #STALE_AFTER}.
   *
   * @return null when ready, else why not (one line)
   */
  public static String notReadyReason(Path file, Instant now) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return "status file " + file + " does not exist (is the agent running?)";
    } catch (IOException e) {
      return "cannot read status file " + file + ": " + e.getMessage();
    }
    if (root == null || !root.path("ready").isBoolean()) {
      return "status file " + file + " is not a secretsync agent status";
    }
    Instant updated;
    try {
      updated = Instant.parse(root.path("updated").asText());
    } catch (RuntimeException e) {
      return "status file " + file + " has no valid updated time";
    }
    if (updated.plus(STALE_AFTER).isBefore(now)) {
      return "status file " + file + " was last updated at " + updated + " (the agent is gone?)";
    }
    if (!root.path("ready").asBoolean()) {
      StringBuilder waiting = new StringBuilder();
      for (JsonNode j : root.path("jobs")) {
        if (j.path("required").asBoolean() && !j.path("rendered").asBoolean()) {
          waiting.append(waiting.length() == 0 ? "" : ", ").append(j.path("name").asText());
        }
      }
      return "not ready: waiting for " + waiting;
    }
    return null;
  }

  /** Writes the status file atomically (0644: it holds no values, and probes may run as others). */
  static void write(Path file, String json) throws IOException {
    AtomicWrite.writeIfChanged(
        file, json.getBytes(StandardCharsets.UTF_8), AtomicWrite.mode("0644"));
  }
}
