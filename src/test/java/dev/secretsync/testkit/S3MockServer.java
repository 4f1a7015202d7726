package dev.secretsync.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Adobe S3Mock (the runnable jar from Maven Central, see {@code pom.xml}) as a child process on a
 * loopback port, shared by every test of the JVM: started on first use, stopped by a shutdown hook,
 * so the ~4 s start is paid once. Tests isolate themselves with their own bucket ({@link
 * #newBucket(String)}).
 *
 * <p>S3Mock 5.x serves HTTPS on {@code server.port} and plain HTTP on an extra connector at {@code
 * http.port}. We turn TLS off, so {@code server.port} (bound to 127.0.0.1) is plain HTTP and is the
 * endpoint; the extra connector cannot be switched off and gets an ephemeral port.
 */
public final class S3MockServer {
  /**
   * A KMS key id S3Mock accepts for SSE-KMS. S3Mock rejects keys it was not told about, and it
   * looks up the {@code x-amz-server-side-encryption-aws-kms-key-id} header as a bare key id (AWS
   * also takes key and alias ARNs), so tests pass this id, registered as {@link #KMS_KEY_ARN}.
   */
  public static final String KMS_KEY_ID = "secretsync-test-key";

  /** The ARN S3Mock is started with for {@link #KMS_KEY_ID}. */
  public static final String KMS_KEY_ARN = "arn:aws:kms:us-east-1:000000000000:key/" + KMS_KEY_ID;

  private static final Duration START_DEADLINE = Duration.ofSeconds(60);
  private static S3MockServer shared;

  private final Process process;
  private final URI endpoint;
  private final Path root;
  private final Path log;
  private volatile S3Client client;

  private S3MockServer(Process process, URI endpoint, Path root, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.root = root;
    this.log = log;
  }

  /** The JVM's S3Mock, started on first call. */
  public static synchronized S3MockServer shared() {
    if (shared == null) {
      shared = start();
      S3MockServer s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "s3mock-stop"));
    }
    return shared;
  }

  /** {@code http://127.0.0.1:<port>}: use with path-style addressing. */
  public URI endpoint() {
    return endpoint;
  }

  /** A test-side client (path style, fake keys), e.g. to inspect or tamper with objects. */
  public S3Client client() {
    S3Client c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          client = clientFor(endpoint);
        }
        c = client;
      }
    }
    return c;
  }

  /** A client for {@code endpoint} (S3Mock or a proxy in front of it). */
  public static S3Client clientFor(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }

  /** Creates {@code name}. */
  public void createBucket(String name) {
    client().createBucket(b -> b.bucket(name));
  }

  /** Creates a bucket with a unique name starting with {@code prefix} and returns the name. */
  public String newBucket(String prefix) {
    String name =
        (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    createBucket(name);
    return name;
  }

  private static S3MockServer start() {
    Path jar = jar();
    List<String> failures = new ArrayList<>();
    // A port found free can be taken before S3Mock binds it; a second try with another port
    // settles that rare race.
    for (int attempt = 1; attempt <= 3; attempt++) {
      Path root;
      try {
        root = Files.createTempDirectory("s3mock-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      int port = freePort();
      Path log = root.resolveSibling(root.getFileName() + ".log");
      List<String> cmd =
          List.of(
              javaBinary(),
              "-Xmx256m",
              "-XX:TieredStopAtLevel=1",
              "-XX:+UseSerialGC",
              "-jar",
              jar.toString(),
              "--server.port=" + port,
              "--server.address=127.0.0.1",
              "--server.ssl.enabled=false",
              "--http.port=0",
              "--com.adobe.testing.s3mock.store.root=" + root.resolve("data"),
              "--com.adobe.testing.s3mock.store.retain-files-on-exit=false",
              "--com.adobe.testing.s3mock.store.valid-kms-keys=" + KMS_KEY_ARN,
              "--logging.level.root=WARN");
      Process p;
      try {
        p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start S3Mock: " + cmd, e);
      }
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      S3MockServer server = new S3MockServer(p, endpoint, root, log);
      String problem = server.awaitReady();
      if (problem == null) {
        return server;
      }
      failures.add("attempt " + attempt + ": " + problem + "\n" + server.logTail());
      server.stop();
    }
    throw new IllegalStateException("S3Mock did not start:\n" + String.join("\n", failures));
  }

  /** Null when S3Mock answers ListBuckets, else why not. */
  private String awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return "S3Mock exited with code " + process.exitValue();
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(endpoint.resolve("/"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return null;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
      sleep(100);
    }
    return "S3Mock did not answer within " + START_DEADLINE.toSeconds() + " s";
  }

  private void stop() {
    if (client != null) {
      client.close();
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteTree(root);
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // best effort: a temp file
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no S3Mock log: " + e + ")";
    }
  }

  private static Path jar() {
    String prop = System.getProperty("secretsync.s3mock.jar");
    Path jar = prop != null ? Path.of(prop) : Path.of("target", "s3mock", "s3mock-exec.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "S3Mock jar not found at "
              + jar.toAbsolutePath()
              + "; run `./mvnw generate-test-resources` (it copies com.adobe.testing:s3mock:exec)");
    }
    return jar;
  }

  /** The {@code java} of this JVM, so S3Mock runs on the same JDK as the tests. */
  private static String javaBinary() {
    Path home = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Files.isExecutable(home)) {
      return home.toString();
    }
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp directory
    }
  }
}
