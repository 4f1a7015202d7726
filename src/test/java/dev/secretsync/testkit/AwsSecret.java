package dev.secretsync.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Mutable state of one emulated secret. Not thread-safe: always accessed under the lock of its
 * {@link AwsAccountState}.
 *
 * <p>Staging-label rules follow the Secrets Manager API reference: a label is attached to at most
 * one version; attaching it elsewhere moves it; whenever {@code AWSCURRENT} moves away from a
 * version, {@code AWSPREVIOUS} moves to that version. Versions without labels are deprecated and
 * are dropped, oldest first, once a secret holds more than {@link #MAX_VERSIONS} versions (the
 * service keeps 100 versions but also every version younger than 24 hours; the emulator ignores the
 * 24-hour rule).
 */
final class AwsSecret {
  static final String CURRENT = "AWSCURRENT";
  static final String PREVIOUS = "AWSPREVIOUS";
  static final int MAX_VERSIONS = 100;

  /** One version; {@code string} xor {@code binary} is set. */
  static final class Version {
    final String id;
    final String string;
    final byte[] binary;
    final Instant created;
    final Set<String> stages = new LinkedHashSet<>();

    Version(String id, String string, byte[] binary, Instant created) {
      this.id = id;
      this.string = string;
      this.binary = binary == null ? null : binary.clone();
      this.created = created;
    }

    boolean sameValue(String otherString, byte[] otherBinary) {
      return Objects.equals(string, otherString) && Arrays.equals(binary, otherBinary);
    }
  }

  final long seq;
  final String name;
  final String arn;
  final Instant created;
  String description;
  String kmsKeyId;
  final Map<String, String> tags = new LinkedHashMap<>();
  final Map<String, Version> versions = new LinkedHashMap<>();
  final Map<String, AwsReplication.Replica> replicas = new LinkedHashMap<>();
  Instant lastChanged;
  Instant lastAccessed;
  Instant deletedDate;
  Instant deletionDate;

  AwsSecret(long seq, String name, String arn, Instant created) {
    this.seq = seq;
    this.name = name;
    this.arn = arn;
    this.created = created;
    this.lastChanged = created;
  }

  boolean deleted() {
    return deletedDate != null;
  }

  Version withStage(String stage) {
    for (Version v : versions.values()) {
      if (v.stages.contains(stage)) {
        return v;
      }
    }
    return null;
  }

  /**
   * Adds a new version carrying {@code stages} (moving each label from wherever it was). The first
   * version of a secret always gets {@code AWSCURRENT}.
   */
  Version addVersion(String id, String string, byte[] binary, List<String> stages, Instant now) {
    boolean first = versions.isEmpty();
    Version v = new Version(id, string, binary, now);
    versions.put(id, v);
    Set<String> wanted = new LinkedHashSet<>(stages);
    if (first) {
      wanted.add(CURRENT);
    }
    for (String stage : wanted) {
      attach(stage, v);
    }
    lastChanged = now;
    prune();
    return v;
  }

  /** Attaches {@code stage} to {@code target}, moving it and applying the AWSPREVIOUS rule. */
  void attach(String stage, Version target) {
    Version holder = withStage(stage);
    if (holder == target) {
      return;
    }
    if (holder != null) {
      holder.stages.remove(stage);
    }
    target.stages.add(stage);
    if (CURRENT.equals(stage) && holder != null) {
      attach(PREVIOUS, holder);
    }
  }

  /** Drops the oldest deprecated versions while more than {@link #MAX_VERSIONS} are stored. */
  void prune() {
    Iterator<Version> it = versions.values().iterator();
    int excess = versions.size() - MAX_VERSIONS;
    while (excess > 0 && it.hasNext()) {
      if (it.next().stages.isEmpty()) {
        it.remove();
        excess--;
      }
    }
  }

  /** A deep copy (versions and their labels included), e.g. for a lagging listing. */
  AwsSecret copy() {
    AwsSecret c = new AwsSecret(seq, name, arn, created);
    c.description = description;
    c.kmsKeyId = kmsKeyId;
    c.tags.putAll(tags);
    for (Version v : versions.values()) {
      Version cv = new Version(v.id, v.string, v.binary, v.created);
      cv.stages.addAll(v.stages);
      c.versions.put(v.id, cv);
    }
    c.replicas.putAll(replicas);
    c.lastChanged = lastChanged;
    c.lastAccessed = lastAccessed;
    c.deletedDate = deletedDate;
    c.deletionDate = deletionDate;
    return c;
  }

  AwsSecretView view(String account, String region) {
    List<AwsSecretView.Version> vs = new ArrayList<>();
    for (Version v : versions.values()) {
      vs.add(
          new AwsSecretView.Version(
              v.id, new ArrayList<>(v.stages), v.string, v.binary, v.created));
    }
    return new AwsSecretView(
        account,
        region,
        name,
        arn,
        description,
        kmsKeyId,
        tags,
        vs,
        created,
        lastChanged,
        deletedDate,
        deletionDate,
        new ArrayList<>(replicas.keySet()));
  }
}
