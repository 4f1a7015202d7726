package dev.secretsync.testkit;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Identity-policy denials per assumed role: {@code secretsmanager:ListSecrets} may be refused for
 * one role while others keep it. A refused call answers as AWS documents an implicit deny: {@code
 * AccessDeniedException} (HTTP 400 for Secrets Manager's JSON protocol) with "User: ARN is not
 * authorized to perform: ACTION because no identity-based policy allows the ACTION action".
 * Thread-safe.
 */
final class AwsIamDenials {
  private final Map<String, Set<String>> denied = new ConcurrentHashMap<>();

  void deny(String roleArn, String action) {
    denied.computeIfAbsent(roleArn, r -> ConcurrentHashMap.newKeySet()).add(action);
  }

  void reset() {
    denied.clear();
  }

  /** The error for {@code caller} calling {@code action}, or {@code null} when allowed. */
  AwsError check(AwsStsHandler.Caller caller, String action) {
    if (caller.session() == null
        || !denied.getOrDefault(caller.session().roleArn(), Set.of()).contains(action)) {
      return null;
    }
    return new AwsError(
        400,
        "AccessDeniedException",
        "User: "
            + caller.arn()
            + " is not authorized to perform: "
            + action
            + " because no identity-based policy allows the "
            + action
            + " action");
  }
}
