package dev.secretsync.cli;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.engine.PlanGate;
import dev.secretsync.plan.PlanKey;
import dev.secretsync.plan.PlanRecorder;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderRegistry;
import dev.secretsync.spi.RunContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The plan key of a config: the keyed fingerprints of its merge store, looked at with a fresh,
 * read-only store instance (a dry run context: it never creates a key). A store that has no key of
 * its own yet gives every instance a different one, which is how a plan that no later run could
 * check is caught.
 */
final class PlanKeys {
  private PlanKeys() {}

  /** Opens the merge store read-only, applies {@code use} to its plan key, closes the store. */
  static <T> T withKey(
      SecretSyncConfig config,
      ProviderRegistry registry,
      CliContext ctx,
      String runId,
      Function<PlanKey, T> use) {
    ExecutorService io = Executors.newSingleThreadExecutor();
    try {
      RunContext run =
          new RunContext(
              runId,
              config.baseDir(),
              ctx.env(),
              1,
              io,
              true,
              w -> {
                // The run itself reports the store's warnings; this look is silent.
              },
              config.fingerprintKey());
      try (MergeStore store = registry.mergeStore(config.mergeStore(), config, run)) {
        return use.apply(PlanKey.of(store::fingerprint));
      }
    } finally {
      io.shutdownNow();
    }
  }

  /** The text of the config file, as its fingerprint covers it. */
  static String configText(SecretSyncConfig config) {
    try {
      return Files.readString(config.file(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + config.file() + ": " + e.getMessage(), e);
    }
  }

  /** A gate that only records each planned target into {@code recorder}. */
  static PlanGate recording(PlanRecorder recorder) {
    return p -> {
      recorder.record(
          p.target(), p.type(), p.desired(), p.sources(), p.plan(), PlanKey.of(p.keyed()));
      return Optional.empty();
    };
  }
}
