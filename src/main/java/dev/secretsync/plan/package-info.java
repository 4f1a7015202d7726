/**
 * Saved plans: {@code pipeline --dry-run --plan-file} records what each target would get as keyed
 * fingerprints and change kinds ({@link dev.secretsync.plan.PlanRecorder}), signed with the merge
 * store's key; {@code apply} re-plans and carries the plan out only while it is still exactly true
 * ({@link dev.secretsync.plan.PlanCheck}). Uses {@code core} and {@code config} only: the CLI
 * connects it to the engine's {@code PlanGate}.
 */
package dev.secretsync.plan;
