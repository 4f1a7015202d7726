package dev.secretsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.config.NotificationConfig;
import dev.secretsync.core.RunReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Sends {@code notifications:} once at the end of a run: to each sink whose {@code on} events
 * match, with up to 3 attempts (jittered backoff 1s, 2s) on connection errors, 429 and 5xx, each
 * bounded by the sink's timeout. A notification that cannot be delivered is a warning, never a
 * failed run: the secrets were synced either way.
 */
final class Notifications {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int ATTEMPTS = 3;

  private final HttpClient client;
  private final Duration backoff;

  /** A sender with the default backoff. */
  Notifications() {
    this(Duration.ofSeconds(1));
  }

  Notifications(Duration backoff) {
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.backoff = backoff;
  }

  /**
   * The events {@code report} raises: {@code failure}, {@code changes} (a real run that changed
   * something), {@code drift} (a dry run that found changes), and always {@code always}.
   */
  public static List<String> events(RunReport report) {
    List<String> events = new ArrayList<>();
    if (report.failed()) {
      events.add("failure");
    }
    if (report.hasChanges()) {
      events.add(report.dryRun() ? "drift" : "changes");
    }
    events.add("always");
    return events;
  }

  /** The link to the run: {@code SECRETSYNC_RUN_URL}, else the GitHub Actions run, else null. */
  public static String runUrl(Map<String, String> env) {
    String explicit = env.get("SECRETSYNC_RUN_URL");
    if (explicit != null && !explicit.isBlank()) {
      return explicit;
    }
    String server = env.get("GITHUB_SERVER_URL");
    String repo = env.get("GITHUB_REPOSITORY");
    String run = env.get("GITHUB_RUN_ID");
    if (server != null && repo != null && run != null) {
      return server + "/" + repo + "/actions/runs/" + run;
    }
    return null;
  }

  /**
   * Sends to every sink whose events match.
   *
   * @param warn receives one line per sink that could not be reached (no URL of a Slack hook, no
   *     header value: both are credentials)
   * @return the number of sinks that accepted the message
   */
  public int send(
      List<NotificationConfig> sinks,
      RunReport report,
      Map<String, String> env,
      Consumer<String> warn) {
    List<String> events = events(report);
    String runUrl = runUrl(env);
    int delivered = 0;
    for (NotificationConfig sink : sinks) {
      List<String> matched = events.stream().filter(sink.on()::contains).toList();
      if (matched.isEmpty()) {
        continue;
      }
      Map<String, Object> body =
          sink.slack() != null
              ? NotificationBodies.slack(report, matched, sink.includeNames(), runUrl)
              : NotificationBodies.webhook(report, matched, sink.includeNames(), runUrl);
      String failure = deliver(sink, body);
      if (failure == null) {
        delivered++;
      } else {
        warn.accept(
            "notification "
                + sink.path()
                + " to "
                + sink.describe()
                + " was not delivered: "
                + failure
                + " (the run's result is unaffected)");
      }
    }
    return delivered;
  }

  /** Null when delivered, else why not (after the attempts). */
  private String deliver(NotificationConfig sink, Map<String, Object> body) {
    String url = sink.slack() != null ? sink.slack().webhookUrl() : sink.webhook().url();
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      return "cannot render the message: " + e.getOriginalMessage();
    }
    String last = "no attempt";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(sink.timeout())
              .header("Content-Type", "application/json")
              .header("User-Agent", "secretsync")
              .POST(HttpRequest.BodyPublishers.ofString(json));
      if (sink.webhook() != null) {
        sink.webhook().headers().forEach(req::header);
      }
      try {
        HttpResponse<Void> resp = client.send(req.build(), HttpResponse.BodyHandlers.discarding());
        int status = resp.statusCode();
        if (status / 100 == 2) {
          return null;
        }
        last = "HTTP " + status;
        if (status != 429 && status / 100 != 5) {
          return last + " (not retried: the receiver refused the message)";
        }
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
      if (attempt < ATTEMPTS) {
        sleep(backoff.multipliedBy(1L << (attempt - 1)));
      }
    }
    return last + " after " + ATTEMPTS + " attempts";
  }

  private static void sleep(Duration d) {
    long half = Math.max(1, d.toMillis() / 2);
    try {
      Thread.sleep(half + ThreadLocalRandom.current().nextLong(half + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
