package dev.secretsync.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Signs and verifies saved plans with the plan key: the signature is the keyed fingerprint of the
 * document without its {@code signature} member, so changing any byte that matters — a fingerprint,
 * a change kind, a target — makes it fail, and only someone holding the key (who can read the
 * values anyway) could sign an edited plan.
 */
final class PlanSignature {
  private PlanSignature() {}

  /** {@code plan} with its signature set. */
  static SavedPlan sign(SavedPlan plan, PlanKey key) {
    return new SavedPlan(
        plan.formatVersion(),
        plan.toolVersion(),
        plan.createdAt(),
        plan.runId(),
        plan.configPath(),
        plan.configFingerprint(),
        plan.keyCheck(),
        plan.targets(),
        of(plan, key));
  }

  /**
   * Whether {@code plan}'s signature is the one {@code key} gives it (compared in constant time).
   */
  static boolean valid(SavedPlan plan, PlanKey key) {
    return MessageDigest.isEqual(
        of(plan, key).getBytes(StandardCharsets.US_ASCII),
        plan.signature().getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The fingerprint of a config file's text. Keyed, not a bare digest: a config may hold a secret
   * inline (a token, {@code fingerprint_key} itself). The text before {@code ${VAR}} interpolation,
   * so a token rotated in the environment does not make a plan stale — what a changed variable
   * changes shows in the bundle and target checks.
   */
  static String config(PlanKey key, String configText) {
    return key.document(Map.of("config_file", configText)).hex();
  }

  private static String of(SavedPlan plan, PlanKey key) {
    return key.document(PlanJson.body(plan)).hex();
  }
}
