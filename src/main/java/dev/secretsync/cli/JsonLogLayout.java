package dev.secretsync.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import dev.secretsync.core.CanonicalJson;
import java.time.Instant;
import java.util.Map;

/**
 * {@code --log-format json}: one JSON object per line with {@code ts, level, logger, msg} and, when
 * known, {@code run_id, request_id, operation, path, duration_ms, retries, target} and, when the
 * run is traced, {@code trace_id, span_id} (from the logging context). Messages are our own, which
 * never contain secret values.
 */
final class JsonLogLayout extends LayoutBase<ILoggingEvent> {
  private static final String[] CONTEXT_FIELDS = {
    "run_id",
    "request_id",
    "operation",
    "path",
    "duration_ms",
    "retries",
    "target",
    "trace_id",
    "span_id"
  };

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder sb = new StringBuilder(256).append('{');
    field(sb, "ts", Instant.ofEpochMilli(event.getTimeStamp()).toString(), true);
    field(sb, "level", event.getLevel().toString(), false);
    field(sb, "logger", event.getLoggerName(), false);
    field(sb, "msg", event.getFormattedMessage(), false);
    Map<String, String> mdc = event.getMDCPropertyMap();
    for (String key : CONTEXT_FIELDS) {
      String v = mdc.get(key);
      if (v != null) {
        if (key.equals("duration_ms") || key.equals("retries")) {
          sb.append(",\"").append(key).append("\":").append(v.matches("\\d+") ? v : quote(v));
        } else {
          field(sb, key, v, false);
        }
      }
    }
    return sb.append("}\n").toString();
  }

  private static void field(StringBuilder sb, String key, String value, boolean first) {
    if (!first) {
      sb.append(',');
    }
    sb.append('"').append(key).append("\":").append(quote(value));
  }

  private static String quote(String s) {
    return CanonicalJson.write(s == null ? "" : s);
  }
}
