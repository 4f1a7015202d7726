package dev.secretsync.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wire helpers shared by the Vault emulator's handlers: the parsed request, the response, Vault's
 * response envelope and error bodies, JSON, and Go-compatible formatting of times and booleans.
 */
final class VaultHttp {

  static final ObjectMapper JSON = new ObjectMapper();
  static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private VaultHttp() {}

  /** A request as Vault sees it: method, path below {@code /v1/}, query, headers, raw body. */
  record Request(
      String method,
      String path,
      String rawPath,
      String rawQuery,
      Map<String, String> query,
      Map<String, String> headers,
      byte[] body) {

    /** First value of a header, or null; names are compared case-insensitively. */
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Vault turns {@code LIST} and {@code GET ?list=true} into a list operation. */
    boolean isList() {
      if (method.equals("LIST")) {
        return true;
      }
      String list = query.get("list");
      if (!method.equals("GET") || list == null || list.isEmpty()) {
        return false;
      }
      Boolean parsed = parseGoBool(list);
      if (parsed == null) {
        throw new VaultError(400, "invalid syntax for list parameter: " + list);
      }
      return parsed;
    }

    boolean isWrite() {
      return method.equals("POST") || method.equals("PUT");
    }

    /** The JSON object body; an empty body is an empty object, as in Vault. */
    Map<String, Object> json() {
      if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
        return new LinkedHashMap<>();
      }
      try {
        Map<String, Object> parsed = JSON.readValue(body, MAP);
        return parsed == null ? new LinkedHashMap<>() : parsed;
      } catch (IOException e) {
        String detail =
            e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        throw new VaultError(400, "failed to parse JSON input: " + detail);
      }
    }
  }

  /** A response: status, optional JSON body. A null body is sent as no body at all. */
  record Response(int status, byte[] body) {}

  /** Per-request context passed to the handlers. */
  static final class Call {
    final Request req;
    final String requestId;
    VaultNamespace ns;
    String rel;
    VaultAuth.Token token;

    Call(Request req, String requestId) {
      this.req = req;
      this.requestId = requestId;
    }
  }

  /** A Vault error answer, thrown by handlers and rendered as {@code {"errors":[...]}}. */
  static final class VaultError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final List<String> errors;

    VaultError(int status, String... errors) {
      super(status + " " + Arrays.toString(errors), null, false, false);
      this.status = status;
      this.errors = List.of(errors);
    }
  }

  static Response json(int status, Object body) {
    try {
      byte[] bytes = JSON.writeValueAsBytes(body);
      // Go's json.Encoder ends every document with a newline; keep byte-level parity.
      byte[] withNewline = Arrays.copyOf(bytes, bytes.length + 1);
      withNewline[bytes.length] = '\n';
      return new Response(status, withNewline);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Response noContent() {
    return new Response(204, null);
  }

  static Response errors(int status, List<String> errors) {
    return json(status, Map.of("errors", errors));
  }

  /** Vault's standard response envelope ({@code logical.HTTPResponse}) in its field order. */
  static Map<String, Object> envelope(Call call, Object data, String mountType) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("request_id", call.requestId);
    body.put("lease_id", "");
    body.put("renewable", false);
    body.put("lease_duration", 0);
    body.put("data", data);
    body.put("wrap_info", null);
    body.put("warnings", null);
    body.put("auth", null);
    body.put("mount_type", mountType);
    return body;
  }

  static Response ok(Call call, Object data, String mountType) {
    return json(200, envelope(call, data, mountType));
  }

  /** The body of {@code no handler for route} errors (unmounted paths). */
  static VaultError noHandler(String path) {
    return new VaultError(404, "no handler for route \"" + path + "\". route entry not found.");
  }

  static VaultError unsupportedOperation() {
    return new VaultError(405, "1 error occurred:\n\t* unsupported operation\n\n");
  }

  /** Go's {@code time.RFC3339Nano} in UTC (trailing zeros of the fraction trimmed). */
  static String goTime(Instant t) {
    if (t == null) {
      return "";
    }
    String base = SECONDS.format(t);
    if (t.getNano() == 0) {
      return base + "Z";
    }
    // Nine digits, trailing zeros dropped — by hand: String.format and a regex per timestamp were
    // a fifth of the emulator's CPU per KV read, on a machine the CLI under test shares.
    StringBuilder fraction = new StringBuilder(base.length() + 11).append(base).append('.');
    String digits = Integer.toString(t.getNano());
    fraction.append("000000000", 0, 9 - digits.length()).append(digits);
    int end = fraction.length();
    while (fraction.charAt(end - 1) == '0') {
      end--;
    }
    fraction.setLength(end);
    return fraction.append('Z').toString();
  }

  /** Go's {@code strconv.ParseBool}; null when the text is not a boolean. */
  static Boolean parseGoBool(String s) {
    switch (s) {
      case "1", "t", "T", "TRUE", "true", "True":
        return true;
      case "0", "f", "F", "FALSE", "false", "False":
        return false;
      default:
        return null;
    }
  }

  /** Vault duration parameters: seconds as a number, or a Go duration such as "1h30m" / "90s". */
  static long durationSeconds(Object raw) {
    if (raw == null) {
      return 0;
    }
    if (raw instanceof Number n) {
      return n.longValue();
    }
    String s = raw.toString().trim();
    if (s.isEmpty()) {
      return 0;
    }
    if (s.matches("-?\\d+")) {
      return Long.parseLong(s);
    }
    var m = java.util.regex.Pattern.compile("(\\d+)(h|m|s)").matcher(s);
    long total = 0;
    int end = 0;
    while (m.find()) {
      long v = Long.parseLong(m.group(1));
      total += m.group(2).equals("h") ? v * 3600 : m.group(2).equals("m") ? v * 60 : v;
      end = m.end();
    }
    if (end != s.length()) {
      throw new VaultError(400, "time: invalid duration \"" + s + "\"");
    }
    return total;
  }

  /**
   * A deep copy of JSON-like data with maps sorted by key, as Go's encoder writes them; values that
   * are not JSON types are first normalised through Jackson.
   */
  static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new TreeMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(deepCopy(v)));
      return copy;
    }
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    return deepCopy(JSON.convertValue(value, Object.class));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> copyMap(Map<String, ?> data) {
    return (Map<String, Object>) deepCopy(data);
  }
}
