package dev.secretsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.OutputStream;
import java.io.PrintStream;
import org.slf4j.LoggerFactory;

/**
 * Points logging at the command's stderr with the requested level. Logs never go to stdout, which
 * carries reports. Chatty libraries (HTTP clients, SDKs) stay at WARN unless the level is TRACE.
 */
final class LogSetup {
  private LogSetup() {}

  static void configure(String level, PrintStream err) {
    configure(level, "text", err);
  }

  /**
   * @param format {@code text} (for people) or {@code json} (one object per line)
   */
  static void configure(String level, String format, PrintStream err) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    ch.qos.logback.core.encoder.Encoder<ILoggingEvent> encoder;
    if ("json".equals(format)) {
      JsonLogLayout layout = new JsonLogLayout();
      layout.setContext(ctx);
      layout.start();
      var wrapping = new ch.qos.logback.core.encoder.LayoutWrappingEncoder<ILoggingEvent>();
      wrapping.setContext(ctx);
      wrapping.setLayout(layout);
      wrapping.start();
      encoder = wrapping;
    } else {
      PatternLayoutEncoder pattern = new PatternLayoutEncoder();
      pattern.setContext(ctx);
      pattern.setPattern(LogBootstrap.PATTERN);
      pattern.start();
      encoder = pattern;
    }
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(ctx);
    appender.setName("stderr");
    appender.setEncoder(encoder);
    appender.setOutputStream(new NonClosing(err));
    appender.setImmediateFlush(true);
    appender.start();
    Level lvl = Level.toLevel(level, Level.INFO);
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(appender);
    ctx.getLogger("dev.secretsync").setLevel(lvl);
    if (lvl == Level.TRACE) {
      root.setLevel(Level.DEBUG);
      // The SDK's signer logs canonical requests, which carry session tokens: never show them.
      for (String credentialLogger :
          new String[] {
            "software.amazon.awssdk.auth",
            "software.amazon.awssdk.http.auth",
            "software.amazon.awssdk.request",
            "org.apache.http.wire",
            "org.apache.http.headers"
          }) {
        ctx.getLogger(credentialLogger).setLevel(Level.INFO);
      }
    }
  }

  /** Keeps logback from closing the command's stderr on reset. */
  private static final class NonClosing extends OutputStream {
    private final PrintStream delegate;

    NonClosing(PrintStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(int b) {
      delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      delegate.write(b, off, len);
    }

    @Override
    public void flush() {
      delegate.flush();
    }
  }
}
