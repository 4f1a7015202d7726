package dev.secretsync.observability;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

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
    push(metrics, url, configName, Map.of());
  }

  /**
   * Pushes under extra grouping labels (e.g. {@code shard}), appended in order as {@code
   * /<label>/<value>}.
   */
  public static void push(
      Metrics metrics, String url, String configName, Map<String, String> grouping) {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    StringBuilder path =
        new StringBuilder(base)
            .append("/metrics/job/secretsync/config/")
            .append(encode(configName));
    new TreeMap<>(grouping)
        .forEach((k, v) -> path.append('/').append(encode(k)).append('/').append(encode(v)));
    URI uri = URI.create(path.toString());
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

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
