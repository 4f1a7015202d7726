package dev.secretsync.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Vault answer: status, parsed JSON body (may hold secret values: never logged or put in a
 * message), and what is needed to describe the call in an error.
 *
 * @param call the request
 * @param status HTTP status
 * @param body the JSON body, or null when there was none
 * @param requestId the {@code X-Request-Id} sent
 * @param millis time from the first attempt to this answer
 * @param retries attempts before this one
 */
record VaultResponse(
    VaultCall call, int status, JsonNode body, String requestId, long millis, int retries) {

  boolean ok() {
    return status >= 200 && status < 300;
  }

  /** Vault's {@code errors}, one line ("permission denied; invalid token"), or the status. */
  String errorText() {
    List<String> out = errors();
    return out.isEmpty() ? "HTTP " + status : String.join("; ", out);
  }

  /**
   * Vault's {@code errors}, with multierror wrappers ({@code "2 errors occurred:\n\t* a\n\t* b"})
   * flattened to their items. Error strings name paths and reasons, never values.
   */
  List<String> errors() {
    List<String> out = new ArrayList<>();
    JsonNode errors = body == null ? null : body.get("errors");
    if (errors != null && errors.isArray()) {
      for (JsonNode e : errors) {
        for (String line : e.asText().split("\n")) {
          String item = line.strip();
          if (item.startsWith("* ")) {
            item = item.substring(2).strip();
          }
          if (!item.isEmpty() && !item.matches("\\d+ errors? occurred:")) {
            out.add(item);
          }
        }
      }
    }
    return out;
  }

  /** A 403 because the token is unknown, expired or revoked (not an ACL denial). */
  boolean invalidToken() {
    return status == 403 && errors().stream().anyMatch(e -> e.contains("invalid token"));
  }

  /** {@code [req=ab12cd34] vault.list at path "x" after 12ms (retries: 0): <reason>}. */
  String describe(String reason) {
    return VaultHttp.describe(requestId, call, millis, retries) + ": " + reason;
  }

  /** {@link #describe(String)} with Vault's error text. */
  String describeError() {
    return describe(errorText());
  }

  /** Redacted: the body may hold secret values. */
  @Override
  public String toString() {
    return "VaultResponse[" + call + " -> " + status + ", req=" + requestId + "]";
  }
}
