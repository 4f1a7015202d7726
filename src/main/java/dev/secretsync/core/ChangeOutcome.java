package dev.secretsync.core;

import java.util.Locale;

/**
 * What became of one planned change in a run: reports count these, not the plan, so a summary says
 * what reached the target.
 */
public enum ChangeOutcome {
  /** A dry run: the change would be made. */
  PLANNED,
  /** The target confirmed the write. */
  APPLIED,
  /** The write was attempted and failed (the target's errors say why). */
  FAILED,
  /** The write was never attempted: the target failed or the run stopped first. */
  NOT_ATTEMPTED,
  /** Nothing to write (unchanged, or an orphan that is kept). */
  NONE;

  /** Lower-case name for reports ({@code applied}, {@code not_attempted}, …). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
