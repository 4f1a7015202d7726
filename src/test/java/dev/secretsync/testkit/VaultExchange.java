package dev.secretsync.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.secretsync.testkit.VaultHttp.Call;
import dev.secretsync.testkit.VaultHttp.Response;
import dev.secretsync.testkit.VaultHttp.VaultError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The HTTP handler of the Vault emulator: parses the exchange, names and records the operation,
 * applies latency and injected faults, routes, and writes the answer the way Vault does ({@code
 * application/json}, {@code Cache-Control: no-store}, no body for 204 and HEAD).
 */
final class VaultExchange implements HttpHandler {

  private final VaultEmulator emulator;
  private final VaultRouter router;
  private final VaultFaults faults;
  private final VaultCallLog log;

  VaultExchange(VaultEmulator emulator, VaultRouter router, VaultFaults faults, VaultCallLog log) {
    this.emulator = emulator;
    this.router = router;
    this.faults = faults;
    this.log = log;
  }

  @Override
  public void handle(HttpExchange ex) {
    try {
      // Read the whole body first so that keep-alive connections stay usable.
      byte[] body = ex.getRequestBody().readAllBytes();
      URI uri = ex.getRequestURI();
      String rawPath = uri.getPath() == null ? "/" : uri.getPath();
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
      boolean versioned = rawPath.startsWith("/v1/");
      String path = versioned ? rawPath.substring(4) : rawPath;
      VaultHttp.Request req =
          new VaultHttp.Request(
              ex.getRequestMethod().toUpperCase(Locale.ROOT),
              path,
              rawPath,
              uri.getRawQuery(),
              query(uri.getRawQuery()),
              headers,
              body);
      Call call = new Call(req, UUID.randomUUID().toString());
      if (versioned) {
        router.resolve(call);
      }
      String op = versioned ? router.classify(call) : "other";
      log.record(
          new VaultRecordedRequest(
              req.method(), rawPath, uri.getRawQuery(), op, Map.copyOf(headers), call.requestId));
      Duration delay = emulator.currentLatency();
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      Integer fault = faults.next(path);
      if (fault != null && fault == VaultFaults.DROP) {
        // Closing before any response header was sent closes the TCP connection: the client
        // sees EOF, as with a server that died mid-request.
        ex.close();
        return;
      }
      Response response;
      if (fault != null) {
        response = VaultHttp.errors(fault, List.of(VaultFaults.message(fault)));
      } else if (!versioned) {
        response = VaultHttp.errors(404, List.of());
      } else {
        response = serve(call);
      }
      write(ex, response, req.method().equals("HEAD"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      try {
        write(ex, VaultHttp.errors(500, List.of("internal error: " + e)), false);
      } catch (IOException | RuntimeException ignored) {
        // Headers were already sent, or the client went away: nothing more to say.
      }
    } finally {
      ex.close();
    }
  }

  private Response serve(Call call) {
    try {
      return router.route(call);
    } catch (VaultError e) {
      return VaultHttp.errors(e.status, e.errors);
    }
  }

  private static void write(HttpExchange ex, Response r, boolean head) throws IOException {
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    if (r.body() != null) {
      ex.getResponseHeaders().set("Content-Type", "application/json");
    }
    if (r.body() == null || r.body().length == 0 || head) {
      ex.sendResponseHeaders(r.status(), -1);
      return;
    }
    ex.sendResponseHeaders(r.status(), r.body().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(r.body());
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.putIfAbsent(k, v);
    }
    return q;
  }
}
