package dev.secretsync.config;

import java.net.URI;
import java.net.URISyntaxException;

/** Binds {@code tracing:}. */
final class TracingBinder {
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
    TracingConfig t =
        new TracingConfig(
            o.bool("enabled", d.enabled()),
            endpoint == null ? "" : endpoint,
            o.string("service_name", d.serviceName()));
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
