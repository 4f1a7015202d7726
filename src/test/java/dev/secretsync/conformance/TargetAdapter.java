package dev.secretsync.conformance;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the {@link TargetConformance} suite needs from one kind of target: how to configure it on a
 * fresh emulator, how to look at what it holds, how to change it behind secretsync's back, and how
 * to count what was written. One small class per target type; the scenarios are shared.
 */
interface TargetAdapter extends AutoCloseable {

  /**
   * Things a target may legitimately not have; scenarios needing one are skipped with the reason.
   */
  enum Capability {
    /** A value can be too large for the target (e.g. the 64 KiB of Secrets Manager). */
    VALUE_SIZE_LIMIT,
    /** Two targets can write to one place (and must refuse each other's secrets). */
    SHARED_PLACE
  }

  /** The {@code type:} of the target. */
  String type();

  /** Starts the emulator (if any) for a test whose working directory is {@code dir}. */
  void start(Path dir);

  /** Top-level YAML the target needs (e.g. the {@code aws:} block), or "". */
  String globalYaml();

  /**
   * The YAML lines of a target named {@code target} (without {@code imports}), each ending in a
   * newline, e.g. {@code "type: file\npath: out/T\n"}. Targets with distinct names write to
   * distinct places unless {@code shareWith} names another target: then to that target's place.
   */
  String targetYaml(String target, String shareWith);

  /** The environment of the CLI (credentials). */
  Map<String, String> env();

  /** The value of {@code key} as the target holds it now, or empty when it holds none. */
  Optional<Map<String, Object>> read(String target, String key);

  /** Every key the target's place holds now, secretsync's or not, with a token of its state. */
  Map<String, String> snapshot(String target);

  /** Changes the value of {@code key} as someone else would (not through secretsync). */
  void changeOutOfBand(String target, String key, Map<String, Object> value);

  /** Creates a secret at {@code key} that secretsync does not own. */
  void createUnmanaged(String target, String key, Map<String, Object> value);

  /** Write calls (create, update, delete, tag) received since {@link #resetCounters()}. */
  long writeCalls();

  /** Zeroes the write counter. */
  void resetCounters();

  /**
   * Makes one coming write fail: the write of {@code key} where the target can aim it, otherwise
   * the next write of any key (the scenario then checks the report against what is there).
   */
  void failOneWrite(String target, String key);

  /**
   * The name {@link #snapshot} uses for a bundle key (the key itself unless the target renames).
   */
  default String nameOf(String key) {
    return key;
  }

  /** A key that bundles may hold but this target refuses by its own naming rules. */
  String refusedKey();

  /** The capabilities this target has. */
  Set<Capability> capabilities();

  /** Why a missing capability does not apply to this target (for the skip message). */
  String whyNot(Capability capability);

  @Override
  void close();
}
