package dev.secretsync.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The Secrets Manager state of one (account, region) pair, with the domain rules shared by the HTTP
 * handler and the test-facing seeding API.
 *
 * <p>Thread safety: every method must be called while holding this object's monitor ({@code
 * synchronized (state) {...}}); one operation is one critical section, so concurrent requests are
 * serialised per (account, region) like a linearizable store.
 */
final class AwsAccountState {
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  final String account;
  final String region;
  private final Supplier<Instant> clock;
  private final Random random;
  private final Map<String, AwsSecret> byName = new LinkedHashMap<>();

  /** What a lagging ListSecrets shows (off unless {@link AwsEmulator#listingLag} is set). */
  final AwsListingHistory listing = new AwsListingHistory();

  private long seq;

  /**
   * {@link #all()} until the set of secrets changes (creation, purge, forced delete): ListSecrets
   * asks for it on every page, and copying and sorting 10,000 secrets per page under the account's
   * lock serialised the parallel listings of a benchmark.
   */
  private List<AwsSecret> inOrder;

  /**
   * No secret is scheduled to be deleted before this (null: none is scheduled). May be earlier than
   * the true minimum after a restore; then the next purge rescans and corrects it.
   */
  private Instant earliestDeletion;

  /** Result of CreateSecret: the secret and the id of the version it created (or null). */
  record Created(AwsSecret secret, String versionId) {}

  AwsAccountState(String account, String region, Supplier<Instant> clock, Random random) {
    this.account = account;
    this.region = region;
    this.clock = clock;
    this.random = random;
  }

  Instant now() {
    return clock.get().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Permanently removes secrets whose recovery window has ended. Runs before every operation, so it
   * only scans when the earliest scheduled deletion is due (a scan per request made every call
   * O(secrets) under the account's lock: 10,000 creates took a quadratic 50 million checks).
   */
  void purgeExpired() {
    Instant now = now();
    if (earliestDeletion == null || earliestDeletion.isAfter(now)) {
      return;
    }
    if (byName.values().removeIf(s -> s.deletionDate != null && !s.deletionDate.isAfter(now))) {
      inOrder = null;
    }
    earliestDeletion = null;
    for (AwsSecret s : byName.values()) {
      if (s.deletionDate != null
          && (earliestDeletion == null || s.deletionDate.isBefore(earliestDeletion))) {
        earliestDeletion = s.deletionDate;
      }
    }
  }

  /** All secrets (including scheduled-for-deletion ones) in creation order; unmodifiable. */
  List<AwsSecret> all() {
    purgeExpired();
    if (inOrder == null) {
      List<AwsSecret> out = new ArrayList<>(byName.values());
      out.sort(Comparator.comparingLong(s -> s.seq));
      inOrder = Collections.unmodifiableList(out);
    }
    return inOrder;
  }

  /** Resolves a SecretId: a name, a full ARN, or a partial ARN (without the random suffix). */
  AwsSecret find(String secretId) {
    purgeExpired();
    if (secretId == null || secretId.isEmpty()) {
      return null;
    }
    AwsSecret s = byName.get(secretId);
    if (s != null || !secretId.startsWith("arn:")) {
      return s;
    }
    String partialPrefix = arnPrefix();
    for (AwsSecret candidate : byName.values()) {
      if (candidate.arn.equals(secretId) || secretId.equals(partialPrefix + candidate.name)) {
        return candidate;
      }
    }
    return null;
  }

  AwsSecret require(String secretId) {
    AwsSecret s = find(secretId);
    if (s == null) {
      throw AwsError.notFound();
    }
    return s;
  }

  /** Like {@link #require} but fails with InvalidRequestException for scheduled deletions. */
  AwsSecret requireLive(String secretId) {
    AwsSecret s = require(secretId);
    if (s.deleted()) {
      throw AwsError.markedForDeletion();
    }
    return s;
  }

  private String arnPrefix() {
    return "arn:aws:secretsmanager:" + region + ":" + account + ":secret:";
  }

  private String randomSuffix() {
    StringBuilder sb = new StringBuilder(6);
    for (int i = 0; i < 6; i++) {
      sb.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
    }
    return sb.toString();
  }

  /**
   * CreateSecret semantics: a new name creates the secret (and a first AWSCURRENT version when a
   * value is given); an existing name fails with ResourceExistsException unless the token names an
   * existing version with the same value (idempotent retry); a name scheduled for deletion fails
   * with InvalidRequestException.
   */
  Created create(
      String name,
      String token,
      String description,
      String kmsKeyId,
      String string,
      byte[] binary,
      Map<String, String> tags,
      com.fasterxml.jackson.databind.JsonNode replicaRegions) {
    AwsSecret existing = find(name);
    if (existing != null && existing.name.equals(name)) {
      if (existing.deleted()) {
        throw AwsError.invalidRequest(
            "You can't create this secret because a secret with this name is already scheduled"
                + " for deletion.");
      }
      AwsSecret.Version v = token == null ? null : existing.versions.get(token);
      if (v != null) {
        if (v.sameValue(string, binary)) {
          return new Created(existing, v.id);
        }
        throw tokenInUse(existing, token);
      }
      throw AwsError.resourceExists(
          "The operation failed because the secret " + name + " already exists.");
    }
    AwsTagLimits.checkEach(tags);
    AwsTagLimits.checkTotal(tags);
    Instant now = now();
    AwsSecret s = new AwsSecret(++seq, name, arnPrefix() + name + "-" + randomSuffix(), now);
    AwsReplication.add(s, region, replicaRegions);
    s.description = description;
    s.kmsKeyId = kmsKeyId;
    s.tags.putAll(tags);
    byName.put(name, s);
    inOrder = null;
    String versionId = null;
    if (string != null || binary != null) {
      String id = token != null ? token : java.util.UUID.randomUUID().toString();
      versionId = s.addVersion(id, string, binary, List.of(AwsSecret.CURRENT), now).id;
    }
    return new Created(s, versionId);
  }

  /**
   * PutSecretValue / UpdateSecret value semantics for {@code token}: unknown token creates a new
   * version with {@code stages} (default AWSCURRENT, which demotes the old current to AWSPREVIOUS);
   * a known token with the same value returns that version unchanged; a known token with another
   * value fails with ResourceExistsException.
   */
  AwsSecret.Version putValue(
      AwsSecret s, String token, String string, byte[] binary, List<String> stages) {
    AwsSecret.Version existing = s.versions.get(token);
    if (existing != null) {
      if (existing.sameValue(string, binary)) {
        return existing;
      }
      throw tokenInUse(s, token);
    }
    List<String> labels = stages == null || stages.isEmpty() ? List.of(AwsSecret.CURRENT) : stages;
    return s.addVersion(token, string, binary, labels, now());
  }

  private static AwsError tokenInUse(AwsSecret s, String token) {
    return AwsError.resourceExists(
        "You can't use ClientRequestToken "
            + token
            + " because that value is already in use for a version of secret "
            + s.arn
            + ".");
  }

  /** UpdateSecretVersionStage semantics (see the API reference for MoveTo/RemoveFromVersionId). */
  void updateStage(AwsSecret s, String stage, String moveTo, String removeFrom) {
    AwsSecret.Version holder = s.withStage(stage);
    AwsSecret.Version remove = null;
    if (removeFrom != null) {
      remove = s.versions.get(removeFrom);
      if (remove == null) {
        throw AwsError.invalidParameter("Not a valid version: " + removeFrom);
      }
    }
    if (moveTo == null) {
      if (remove == null) {
        throw AwsError.invalidParameter(
            "You must specify MoveToVersionId, RemoveFromVersionId, or both.");
      }
      if (!remove.stages.contains(stage)) {
        throw AwsError.invalidParameter(
            "Staging label " + stage + " is not attached to version " + removeFrom + ".");
      }
      if (AwsSecret.CURRENT.equals(stage)) {
        throw AwsError.invalidParameter(
            "You can't remove the staging label AWSCURRENT from a version without moving it to"
                + " another version with MoveToVersionId.");
      }
      remove.stages.remove(stage);
      s.lastChanged = now();
      return;
    }
    AwsSecret.Version target = s.versions.get(moveTo);
    if (target == null) {
      throw AwsError.invalidParameter("Not a valid version: " + moveTo);
    }
    if (holder != null && holder != target) {
      if (remove == null) {
        throw AwsError.invalidParameter(
            "The parameter RemoveFromVersionId can't be empty. Staging label "
                + stage
                + " is currently attached to version "
                + holder.id
                + ", so you must explicitly reference that version in RemoveFromVersionId.");
      }
      if (remove != holder) {
        throw AwsError.invalidParameter(
            "When you move staging label "
                + stage
                + ", if you specify RemoveFromVersionId, it must be set to the version that"
                + " currently has the staging label "
                + stage
                + ".");
      }
    }
    s.attach(stage, target);
    s.lastChanged = now();
  }

  /** DeleteSecret parameter validation, done before the secret is looked up. */
  static void checkDeleteParameters(Long recoveryWindowDays, boolean force) {
    if (recoveryWindowDays != null && force) {
      throw AwsError.invalidParameter(
          "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
    }
    if (recoveryWindowDays != null && (recoveryWindowDays < 7 || recoveryWindowDays > 30)) {
      throw AwsError.invalidParameter(
          "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
    }
  }

  /** DeleteSecret semantics; returns the DeletionDate. */
  Instant delete(AwsSecret s, Long recoveryWindowDays, boolean force) {
    checkDeleteParameters(recoveryWindowDays, force);
    Instant now = now();
    if (force) {
      byName.remove(s.name);
      inOrder = null;
      return now;
    }
    if (s.deleted()) {
      throw AwsError.invalidRequest(
          "You tried to perform the operation on a secret that's currently marked deleted.");
    }
    long days = recoveryWindowDays == null ? 30 : recoveryWindowDays;
    s.deletedDate = now;
    s.deletionDate = now.plus(Duration.ofDays(days));
    s.lastChanged = now;
    if (earliestDeletion == null || s.deletionDate.isBefore(earliestDeletion)) {
      earliestDeletion = s.deletionDate;
    }
    return s.deletionDate;
  }

  void restore(AwsSecret s) {
    if (s.deleted()) {
      s.deletedDate = null;
      s.deletionDate = null;
      s.lastChanged = now();
    }
  }
}
