package dev.secretsync.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeOutcome;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.KeyError;
import dev.secretsync.core.TargetResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log's lines for one finished target: one JSON object per change that was applied,
 * failed, refused or left unattempted, and per secret the planner refused (with {@code change:
 * null}), as documented in {@code docs/observability.md}. Lines carry names and keyed fingerprints,
 * never values. A dry run has no lines: nothing was done.
 */
public final class AuditLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Who ran the run, and how we know.
   *
   * @param name the actor (a user, a CI actor, a pod)
   * @param source where the name came from ({@code SECRETSYNC_ACTOR}, {@code GITHUB_ACTOR}, …)
   * @param ciRun the CI run id when there is one, else empty
   */
  public record Actor(String name, String source, String ciRun) {}

  private AuditLines() {}

  /**
   * The lines of {@code result}, in plan order.
   *
   * @param time when the target finished
   * @param runId the run's id
   * @param command the command that ran ({@code pipeline}, {@code apply}, {@code rollback})
   * @param actor who ran it
   * @param result the target's result
   * @param refused whether a rule stopped the target before any write (its changes are {@code
   *     refused}, with the rule's message as the reason)
   */
  public static List<String> of(
      Instant time,
      String runId,
      String command,
      Actor actor,
      TargetResult result,
      boolean refused) {
    List<String> lines = new ArrayList<>();
    if (result.dryRun() || result.plan() == null) {
      return lines;
    }
    // Secrets the planner refused (an unmanaged secret with a desired name, a name the target
    // cannot take): not changes, but refused ones all the same.
    for (KeyError e : result.plan().errors()) {
      Map<String, Object> line = head(time, runId, command, actor, result);
      line.put("name", e.name());
      line.put("key", e.key() == null ? null : e.key().path());
      line.put("change", null);
      line.put("before", null);
      line.put("after", null);
      line.put("result", "refused");
      line.put("reason", e.message());
      lines.add(render(line));
    }
    Map<String, String> errors = new HashMap<>();
    for (KeyError e : result.errors()) {
      errors.putIfAbsent(e.name(), e.message());
    }
    TargetResult.Outcomes outcomes = result.outcomes();
    for (Change c : result.plan().changes()) {
      ChangeOutcome outcome = outcomes.of(c);
      if (outcome == ChangeOutcome.NONE) {
        continue;
      }
      Map<String, Object> line = head(time, runId, command, actor, result);
      line.put("name", c.name());
      line.put("key", c.key().path());
      line.put("change", c.kind().label());
      line.put("before", hex(c.before()));
      line.put("after", hex(c.after()));
      String verdict = verdict(outcome, refused);
      line.put("result", verdict);
      String reason =
          switch (verdict) {
            case "failed" -> errors.getOrDefault(c.name(), result.message());
            case "refused", "not_attempted" -> result.message();
            default -> "";
          };
      if (!reason.isEmpty()) {
        line.put("reason", reason);
      }
      lines.add(render(line));
    }
    return lines;
  }

  private static Map<String, Object> head(
      Instant time, String runId, String command, Actor actor, TargetResult result) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", time.toString());
    line.put("run_id", runId);
    line.put("actor", actor.name());
    line.put("actor_source", actor.source());
    if (!actor.ciRun().isEmpty()) {
      line.put("ci_run", actor.ciRun());
    }
    line.put("command", command);
    line.put("target", result.target());
    line.put("provider", result.type());
    return line;
  }

  private static String verdict(ChangeOutcome outcome, boolean refused) {
    return switch (outcome) {
      case APPLIED -> "applied";
      case FAILED -> "failed";
      default -> refused ? "refused" : "not_attempted";
    };
  }

  private static String hex(Fingerprint f) {
    return f == null ? null : f.hex();
  }

  private static String render(Map<String, Object> line) {
    try {
      return JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render an audit line", e);
    }
  }
}
