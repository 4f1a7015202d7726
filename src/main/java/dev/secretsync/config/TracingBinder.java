package dev.secretsync.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/** Binds {@code tracing:}. */
final class TracingBinder {
  private static final List<String> CALLS = List.of("notable", "all");

  private TracingBinder() {}

  static TracingConfig bind(YamlObject o) {
    TracingConfig d = TracingConfig.DEFAULT;
    if (o == null) {
      return d;
    }
    String endpoint = o.string("endpoint", d.endpoint());
    if (endpoint != null && !endpoint.isEmpty() && !isHttpUrl(endpoint)) {
      o.problem(
          "endpoint",
          "expected an http:// or https:// URL of an OTLP/HTTP collector (e.g."
              + " http://localhost:4318)");
    }
    String calls = o.string("calls", d.calls());
    if (!CALLS.contains(calls)) {
      o.problem(
          "calls",
          "expected one of "
              + String.join(", ", CALLS)
              + " (notable: only failed, retried or slow calls become spans; all: every call)");
    }
    Duration slow = o.duration("slow_call", d.slowCall());
    TracingConfig t =
        new TracingConfig(
            o.bool("enabled", d.enabled()),
            endpoint == null ? "" : endpoint,
            o.string("service_name", d.serviceName()),
            calls,
            slow == null ? d.slowCall() : slow);
    o.finish();
    return t;
  }

  private static boolean isHttpUrl(String s) {
    try {
      URI u = new URI(s);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
