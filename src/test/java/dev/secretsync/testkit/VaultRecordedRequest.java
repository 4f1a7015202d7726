package dev.secretsync.testkit;

import java.util.Map;

/**
 * One request as the {@link VaultEmulator} received it, for assertions on what a client sent.
 *
 * @param method HTTP method ({@code GET}, {@code LIST}, ...)
 * @param path the decoded URI path, e.g. {@code /v1/secret/metadata/app}
 * @param query the raw query string, or null
 * @param operation the counter name the request was counted under (e.g. {@code kv.list})
 * @param headers request headers, lower-case names, first value only
 * @param vaultRequestId the {@code request_id} the emulator generated for its answer
 */
public record VaultRecordedRequest(
    String method,
    String path,
    String query,
    String operation,
    Map<String, String> headers,
    String vaultRequestId) {

  /** A request header by case-insensitive name, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
