package dev.secretsync.testkit;

import com.sun.net.httpserver.HttpExchange;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenTelemetry collector's OTLP/HTTP trace endpoint ({@code POST /v1/traces}, protobuf bodies,
 * as the OTLP specification describes): decodes each export with the published protobuf classes,
 * keeps every request body byte for byte (so tests can look for leaked values in what left the
 * process) and answers with an empty {@code ExportTraceServiceResponse}. {@link #failWith} makes it
 * answer with an HTTP error instead.
 */
public final class OtlpReceiver implements AutoCloseable {
  private final LoopbackHttpServer server;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream bodies = new ByteArrayOutputStream();
  private final AtomicInteger exports = new AtomicInteger();
  private final AtomicInteger failStatus = new AtomicInteger();
  private final boolean decode;
  private final AtomicLong bytes = new AtomicLong();

  /**
   * One exported span, flattened.
   *
   * @param traceId 32 hex digits
   * @param spanId 16 hex digits
   * @param parentSpanId 16 hex digits, or empty for a root span
   * @param name the span's name
   * @param kind the OTLP kind ({@code SPAN_KIND_CLIENT} …)
   * @param attributes attribute values as strings
   * @param error whether the status is {@code STATUS_CODE_ERROR}
   * @param statusMessage the status description
   * @param resource the resource's attributes as strings
   */
  public record ReceivedSpan(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      String kind,
      Map<String, String> attributes,
      boolean error,
      String statusMessage,
      Map<String, String> resource) {
    /** An attribute's value, or null. */
    public String attr(String key) {
      return attributes.get(key);
    }
  }

  private OtlpReceiver(boolean decode) throws IOException {
    this.decode = decode;
    server = new LoopbackHttpServer("otlp-receiver", 2, 16, this::handle);
  }

  /** Starts a receiver on 127.0.0.1 and a free port that decodes and keeps every span. */
  public static OtlpReceiver start() {
    return start(true);
  }

  /**
   * Starts a receiver that only counts bytes and accepts ({@code decode = false}): a benchmark's
   * collector, which must not take CPU from the process it measures (a real one runs elsewhere).
   */
  public static OtlpReceiver start(boolean decode) {
    try {
      return new OtlpReceiver(decode);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Request body bytes received. */
  public long bytesReceived() {
    return bytes.get();
  }

  /** The base URL to give as {@code OTEL_EXPORTER_OTLP_ENDPOINT}, e.g. http://127.0.0.1:4318. */
  public String endpoint() {
    return server.endpoint().toString();
  }

  /** From now on answers every export with {@code status} (0 = accept again). */
  public void failWith(int status) {
    failStatus.set(status);
  }

  /** Export requests received (accepted or not). */
  public int exports() {
    return exports.get();
  }

  /** Every span accepted so far, in arrival order. */
  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  /** Every request body received, concatenated. */
  public byte[] rawBodies() {
    synchronized (bodies) {
      return bodies.toByteArray();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      URI uri = ex.getRequestURI();
      if (!"POST".equals(ex.getRequestMethod()) || !uri.getPath().equals("/v1/traces")) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      exports.incrementAndGet();
      bytes.addAndGet(body.length);
      if (decode) {
        synchronized (bodies) {
          bodies.write(body);
        }
      }
      int fail = failStatus.get();
      if (fail != 0) {
        ex.sendResponseHeaders(fail, -1);
        return;
      }
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      if (type == null || !type.startsWith("application/x-protobuf")) {
        ex.sendResponseHeaders(415, -1);
        return;
      }
      ExportTraceServiceRequest request =
          decode
              ? ExportTraceServiceRequest.parseFrom(body)
              : ExportTraceServiceRequest.getDefaultInstance();
      for (ResourceSpans rs : request.getResourceSpansList()) {
        Map<String, String> resource = strings(rs.getResource());
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span s : ss.getSpansList()) {
            spans.add(flatten(s, resource));
          }
        }
      }
      byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      ex.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  private static ReceivedSpan flatten(Span s, Map<String, String> resource) {
    Map<String, String> attrs = new LinkedHashMap<>();
    for (KeyValue kv : s.getAttributesList()) {
      attrs.put(kv.getKey(), string(kv.getValue()));
    }
    return new ReceivedSpan(
        hex(s.getTraceId().toByteArray()),
        hex(s.getSpanId().toByteArray()),
        hex(s.getParentSpanId().toByteArray()),
        s.getName(),
        s.getKind().name(),
        attrs,
        s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
        s.getStatus().getMessage(),
        resource);
  }

  private static Map<String, String> strings(Resource r) {
    Map<String, String> out = new LinkedHashMap<>();
    for (KeyValue kv : r.getAttributesList()) {
      out.put(kv.getKey(), string(kv.getValue()));
    }
    return out;
  }

  private static String string(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case INT_VALUE -> Long.toString(v.getIntValue());
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      default -> v.toString();
    };
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public void close() {
    server.close();
  }
}
