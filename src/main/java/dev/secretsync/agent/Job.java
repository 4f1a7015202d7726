package dev.secretsync.agent;

import dev.secretsync.config.AgentConfig;
import dev.secretsync.config.SourceConfig;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.spi.SecretSource;
import dev.secretsync.template.TemplateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One agent job: read one secret through its {@link SecretSource}, render the template (a pure
 * function of the secret), and write the file only when the bytes changed. Its identity is its
 * name. State is read by the health server while the scheduler runs the job, so every field that
 * changes is guarded by this.
 */
final class Job {
  private final AgentConfig.Secret config;
  private final Path destination;
  private final Set<PosixFilePermission> perms;
  private final FileOwner owner;
  private final SecretSource source;
  private final SecretKey key;
  private final SourceConfig origin;
  private final AtomicReference<String> skipped;

  private volatile boolean cancelled;
  private boolean rendered;
  private Instant lastSuccess;
  private String lastError;
  private Instant nextRefresh;
  private int failures;

  /**
   * @param source where the secret is read from (a one-mount Vault source or a configured source)
   * @param key the secret within {@code source}
   * @param origin the source's config ({@code sources.<name>}, or the one made from {@code vault:})
   * @param skipped where the source's warning about an unreadable secret lands (its reason)
   */
  Job(
      AgentConfig.Secret config,
      Path destination,
      SecretSource source,
      SecretKey key,
      SourceConfig origin,
      AtomicReference<String> skipped) {
    this.config = config;
    this.destination = destination;
    this.perms = AtomicWrite.mode(config.mode());
    this.owner = new FileOwner(config.owner(), config.group());
    this.source = source;
    this.key = key;
    this.origin = origin;
    this.skipped = skipped;
  }

  /** Removed or replaced by a reload: its pending run does nothing and it is not rescheduled. */
  void cancel() {
    cancelled = true;
  }

  boolean cancelled() {
    return cancelled;
  }

  String name() {
    return config.name();
  }

  AgentConfig.Secret config() {
    return config;
  }

  /** The source settings it reads through: a reload that changes them replaces the job. */
  SourceConfig origin() {
    return origin;
  }

  /** Whether the job has not rendered once yet and readiness waits for it. */
  synchronized boolean blocksReadiness() {
    return config.required() && !rendered;
  }

  /**
   * Fetches, renders and writes once.
   *
   * @return whether the file was written (false when it already held these bytes)
   * @throws JobFailure with a message that holds no value
   */
  boolean runOnce() throws JobFailure {
    String where = config.what();
    Optional<Secret> read;
    skipped.set(null);
    try {
      int version = config.vault() == null ? 0 : config.vault().version();
      if (!"vault".equals(origin.kind())) {
        // A file source reads only keys it listed (SecretSource's contract); its listing is a
        // local directory walk, so each run re-lists and a file added later is found. A Vault
        // source reads the key directly: listing a mount per refresh would be the polling storm
        // this agent exists to avoid.
        source.list();
      }
      read =
          version > 0
              ? source.readVersion(key, version)
              : source.read(List.of(key)).values().stream().findFirst();
    } catch (RuntimeException e) {
      throw new JobFailure("reading " + where + ": " + e.getMessage());
    }
    if (read.isEmpty()) {
      String why = skipped.get();
      throw new JobFailure(
          "secret " + where + " is not readable" + (why == null ? "" : ": " + why));
    }
    String text;
    try {
      text = config.template().render(read.get().data());
    } catch (TemplateException e) {
      String file = config.templateFile().isEmpty() ? "template" : config.templateFile();
      throw new JobFailure(file + ":" + e.getMessage());
    }
    try {
      return AtomicWrite.writeIfChanged(
          destination, text.getBytes(StandardCharsets.UTF_8), perms, owner);
    } catch (IOException e) {
      throw new JobFailure("writing " + destination + ": " + message(e));
    }
  }

  /** The exception's own sentence when it has one (ours do), else its type and text. */
  private static String message(IOException e) {
    return e.getClass() == IOException.class ? e.getMessage() : e.toString();
  }

  synchronized void succeeded(Instant now, Instant next) {
    rendered = true;
    lastSuccess = now;
    lastError = null;
    failures = 0;
    nextRefresh = next;
  }

  /** Records a failure; returns the number of consecutive failures. */
  synchronized int failed(String message, Instant next) {
    lastError = message;
    nextRefresh = next;
    return ++failures;
  }

  synchronized int failures() {
    return failures;
  }

  synchronized void scheduled(Instant next) {
    nextRefresh = next;
  }

  synchronized JobStatus status() {
    return new JobStatus(
        config.name(), config.required(), rendered, lastSuccess, lastError, nextRefresh, failures);
  }

  /** A job run that failed; the message is safe to log and publish. */
  static final class JobFailure extends Exception {
    private static final long serialVersionUID = 1L;

    JobFailure(String message) {
      super(message);
    }
  }

  void close() {
    try {
      source.close();
    } catch (Exception e) {
      // Sources own no resources of their own here (the registry owns the Vault session).
    }
  }
}
