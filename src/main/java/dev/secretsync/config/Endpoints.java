package dev.secretsync.config;

import java.net.URI;
import java.net.URISyntaxException;

/** Checks the URLs of services (endpoints, addresses) before any client sees them. */
final class Endpoints {
  private Endpoints() {}

  /**
   * What is wrong with {@code value} as an {@code http(s)://host[:port]} URL, or {@code null} when
   * nothing is. Names the problem, never echoes the value (it may embed credentials).
   */
  static String problem(String value, boolean pathAllowed) {
    if (!value.equals(value.strip()) || value.chars().anyMatch(ch -> ch <= ' ' || ch == 0x7f)) {
      return "contains spaces or control characters";
    }
    if (!value.contains("://")) {
      // "vault:8200" parses as scheme "vault": say what is missing instead.
      return "has no http:// or https:// in front";
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return "not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")";
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
      return scheme == null ? "has no scheme" : "scheme \"" + scheme + "\" is not http or https";
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "has no host name";
    }
    if (uri.getUserInfo() != null) {
      return "must not contain user:password@";
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      return "must not have a query or fragment";
    }
    String path = uri.getRawPath();
    if (!pathAllowed && path != null && !path.isEmpty() && !path.equals("/")) {
      return "must not have a path";
    }
    return null;
  }
}
