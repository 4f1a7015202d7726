package dev.secretsync.observability;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Pushes the final metrics to a Prometheus Pushgateway ({@code PUT
 * <url>/metrics/job/secretsync/config/<name>}), for CronJobs that end before a scrape.
 */
public final class PushGateway {
  private PushGateway() {}

  /**
   * Pushes.
   *
   * @param url the gateway's base URL, e.g. {@code http://pushgateway:9091}
   * @param configName grouping key value (the config file's name)
   * @throws IllegalStateException with the gateway's status when the push fails
   */
  public static void push(Metrics metrics, String url, String configName) {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    URI uri =
        URI.create(
            base
                + "/metrics/job/secretsync/config/"
                + URLEncoder.encode(configName, StandardCharsets.UTF_8).replace("+", "%20"));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .PUT(HttpRequest.BodyPublishers.ofString(metrics.scrape()))
            .build();
    try {
      HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "metrics push to " + base + " failed: HTTP " + resp.statusCode());
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("metrics push to " + base + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("metrics push interrupted", e);
    }
  }
}
