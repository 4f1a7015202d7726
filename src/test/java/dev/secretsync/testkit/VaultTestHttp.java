package dev.secretsync.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A minimal {@code java.net.http} client for the Vault emulator's own tests. */
final class VaultTestHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One answer: status, parsed JSON body (null when empty), raw response. */
  record Reply(int status, JsonNode json, HttpResponse<String> raw) {

    /** The text at a JSON pointer of the body, e.g. {@code /data/data/host}. */
    String text(String pointer) {
      return json.at(pointer).asText();
    }
  }

  private final String address;
  private final HttpClient client;

  VaultTestHttp(String address) {
    this.address = address;
    this.client = newClient();
  }

  static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  /** Sends with the shared keep-alive client; {@code headers} are name/value pairs. */
  Reply call(String method, String path, String token, Object body, String... headers)
      throws IOException, InterruptedException {
    return send(client, method, path, token, body, headers);
  }

  Reply send(
      HttpClient with, String method, String path, String token, Object body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(address + path))
            .timeout(Duration.ofSeconds(5))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (token != null) {
      b.header("X-Vault-Token", token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> r = with.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), r);
  }
}
