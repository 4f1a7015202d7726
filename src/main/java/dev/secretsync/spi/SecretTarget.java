package dev.secretsync.spi;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.Change;
import dev.secretsync.core.KeyError;
import dev.secretsync.core.Secret;
import dev.secretsync.core.TargetPlan;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A place secrets are written to (AWS Secrets Manager account/region, local directory, GitHub
 * scope). One instance per target per run.
 *
 * <p>The engine calls {@link #current()}, then {@link #confirm}, then {@link #plan} (pure), then —
 * unless it is a dry run — {@link #apply}. Targets only ever modify or delete secrets they own
 * (marked by tags or a manifest), unless configured to adopt unmanaged ones.
 */
public interface SecretTarget extends AutoCloseable {

  /**
   * Reads the target's current state.
   *
   * @throws ProviderException when the state cannot be read; the target then fails as a whole
   */
  TargetState current();

  /**
   * Reads the current state knowing what will be planned: a provider may use the desired keys to
   * read faster (e.g. split a listing into parallel streams), never to read less — the state must
   * still hold every entry {@link #current()} would (unmanaged clashes, owned orphans). The default
   * ignores {@code desired}.
   */
  default TargetState current(Bundle desired) {
    return current();
  }

  /**
   * Re-reads, where the provider's listing may be behind, the entries of {@code current} that a
   * plan could get wrong — e.g. a Secrets Manager listing that "might not reflect changes from the
   * last five minutes". Called between {@link #current()} and {@link #plan}; reads only. The
   * default trusts {@code current}.
   *
   * @param current what {@link #current()} returned
   * @param desired the bundle to plan
   * @param previous the bundle the merge store held for this target before this run, or empty when
   *     unknown (in-memory store, dry run, {@code --sync-only}, first run)
   * @return the state to plan from
   * @throws ProviderException when the re-read fails
   */
  default TargetState confirm(TargetState current, Bundle desired, Optional<Bundle> previous) {
    return current;
  }

  /**
   * Computes what applying {@code desired} would do. Pure: no I/O, no writes. Per-secret problems
   * (invalid names, oversized values, unmanaged clashes) go into {@link TargetPlan#errors()} and
   * those secrets get no change.
   */
  TargetPlan plan(Bundle desired, TargetState current);

  /**
   * Applies a plan made by {@link #plan} from the same {@code desired} and {@code current}.
   * Idempotent: applying the same plan twice leaves the same result. A failure of one secret is
   * reported in {@link ApplyResult#failures()} and does not stop the others, except where the
   * provider must stop (e.g. credentials rejected), in which case it throws — an {@link
   * ApplyAbortedException} with what was done when some changes were already carried out, so the
   * report counts only (and all of) the writes that reached the target.
   *
   * @throws ProviderException when the target as a whole cannot be written
   */
  ApplyResult apply(TargetPlan plan, Bundle desired, TargetState current);

  /**
   * The live values of {@code names} (target-side names of planned updates), for field-level
   * differences ({@code --diff}) on targets whose {@link #current()} reads no values. Remote reads:
   * the engine asks only when differences were requested. Names without a readable JSON-object
   * value are left out. Default: none (the target's plan already carries its differences).
   */
  default Map<String, Secret> liveValues(Collection<String> names) {
    return Map.of();
  }

  /** Releases resources. Never throws. */
  @Override
  void close();

  /**
   * What apply did.
   *
   * @param applied changes that were carried out
   * @param failures changes that failed, with the reason (no values)
   */
  record ApplyResult(List<Change> applied, List<KeyError> failures) {
    /** Copies lists. */
    public ApplyResult {
      applied = List.copyOf(applied);
      failures = List.copyOf(failures);
    }
  }
}
