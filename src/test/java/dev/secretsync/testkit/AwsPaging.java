package dev.secretsync.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code MaxResults}/{@code NextToken} paging as the AWS JSON services document it: a page holds at
 * most {@code MaxResults} items (a service default when absent), {@code NextToken} is present only
 * when more items follow, and a token is opaque and only valid for the operation and request that
 * produced it.
 */
final class AwsPaging {
  private AwsPaging() {}

  /** One page of items and the token of the next page (null on the last page). */
  record Page<T>(List<T> items, String nextToken) {}

  /**
   * @param scope what the token is bound to (operation and its filter parameters)
   * @param max the largest MaxResults the operation accepts
   * @param defaultSize the page size when MaxResults is absent
   * @param invalid the service's error for a bad token or MaxResults, given a message
   */
  static <T> Page<T> page(
      List<T> all,
      JsonNode req,
      String scope,
      int max,
      int defaultSize,
      java.util.function.Function<String, AwsError> invalid) {
    int size = defaultSize;
    JsonNode m = req.path("MaxResults");
    if (!m.isMissingNode() && !m.isNull()) {
      size = m.asInt();
      if (size < 1 || size > max) {
        throw invalid.apply("MaxResults must be between 1 and " + max);
      }
    }
    int offset = 0;
    String token = req.path("NextToken").asText("");
    if (!token.isEmpty()) {
      offset = decode(token, scope, () -> invalid.apply("The NextToken value is invalid."));
      if (offset > all.size()) {
        throw invalid.apply("The NextToken value is invalid.");
      }
    }
    int end = Math.min(all.size(), offset + size);
    String next = end < all.size() ? encode(scope, end) : null;
    return new Page<>(all.subList(offset, end), next);
  }

  private static String encode(String scope, int offset) {
    String raw = scope + "\n" + offset;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static int decode(String token, String scope, Supplier<AwsError> invalid) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int nl = raw.lastIndexOf('\n');
      if (nl < 0 || !raw.substring(0, nl).equals(scope)) {
        throw invalid.get();
      }
      return Integer.parseInt(raw.substring(nl + 1));
    } catch (IllegalArgumentException e) {
      throw invalid.get();
    }
  }
}
