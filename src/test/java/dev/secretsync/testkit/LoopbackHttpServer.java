package dev.secretsync.testkit;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An emulator's HTTP server: the JDK server on 127.0.0.1 and a free port, answering on a fixed pool
 * of daemon threads (so a test that forgets {@code close()} never keeps the JVM alive).
 */
final class LoopbackHttpServer implements AutoCloseable {
  static {
    // The JDK server writes response headers and body separately; without TCP_NODELAY every
    // response waits for the client's delayed ACK (~40 ms). The property is read once, when the
    // first HttpServer of the JVM is created, so set it early unless the user chose otherwise.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * Starts serving {@code handler} at {@code /}.
   *
   * @param threadName prefix of the worker threads' names, e.g. {@code aws-emulator}
   * @param threads worker threads (requests answered at the same time)
   * @param backlog connections the socket queues before refusing
   */
  LoopbackHttpServer(String threadName, int threads, int backlog, HttpHandler handler)
      throws IOException {
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
    server.setExecutor(executor);
    server.createContext("/", handler);
    server.start();
  }

  /** {@code http://127.0.0.1:PORT}. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Stops at once and waits up to five seconds for the workers to finish. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
