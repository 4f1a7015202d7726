package dev.secretsync.testkit;

import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Secrets Manager side of {@link AwsEmulator}: the secrets of every (account, region) it has
 * seen, the listing lag they share, and what tests do to them directly — snapshots, seeding and
 * out-of-band changes that no request counter sees. Every change here records itself in the listing
 * history, as a request would, so an eventually consistent ListSecrets stays truthful.
 */
final class AwsSecretsManagerState {
  private final Map<String, AwsAccountState> states = new ConcurrentHashMap<>();
  private final Supplier<Instant> now;
  private final Random random;
  private volatile Duration listingLag = Duration.ZERO;

  AwsSecretsManagerState(Supplier<Instant> now, Random random) {
    this.now = now;
    this.random = random;
  }

  /** The state of (account, region), created empty on first use with the current listing lag. */
  AwsAccountState state(String account, String region) {
    return states.computeIfAbsent(
        account + "|" + region,
        k -> {
          AwsAccountState st = new AwsAccountState(account, region, now, random);
          st.listing.lag(listingLag, List.of());
          return st;
        });
  }

  /** Forgets every secret, and switches the listing lag off. */
  void clear() {
    states.clear();
    listingLag = Duration.ZERO;
  }

  List<AwsSecretView> secrets(String account, String region) {
    AwsAccountState st = state(account, region);
    synchronized (st) {
      List<AwsSecretView> out = new ArrayList<>();
      st.all().forEach(s -> out.add(s.view(account, region)));
      return out;
    }
  }

  Optional<AwsSecretView> secret(String account, String region, String nameOrArn) {
    AwsAccountState st = state(account, region);
    synchronized (st) {
      AwsSecret s = st.find(nameOrArn);
      return Optional.ofNullable(s == null ? null : s.view(account, region));
    }
  }

  /** Creates a secret with one AWSCURRENT version: a string value {@code s} or binary {@code b}. */
  AwsSecretView seed(
      String account, String region, String name, String s, byte[] b, Map<String, String> tags) {
    return change(
        account,
        region,
        st -> {
          String token = UUID.randomUUID().toString();
          return st.create(name, token, null, null, s, b, tags, MissingNode.getInstance())
              .secret()
              .view(account, region);
        });
  }

  /** A new AWSCURRENT version with a random id, as another writer's PutSecretValue; its id. */
  String modifyOutOfBand(String account, String region, String name, String newValue) {
    return change(
        account,
        region,
        st ->
            st.putValue(st.require(name), UUID.randomUUID().toString(), newValue, null, List.of())
                .id);
  }

  void tagOutOfBand(String account, String region, String name, String key, String value) {
    change(
        account,
        region,
        st -> {
          st.require(name).tags.put(key, value);
          return null;
        });
  }

  AwsSecretView scheduleDeletion(
      String account, String region, String name, int recoveryWindowDays) {
    return change(
        account,
        region,
        st -> {
          AwsSecret s = st.require(name);
          st.delete(s, (long) recoveryWindowDays, false);
          return s.view(account, region);
        });
  }

  /** Serves every (account, region)'s ListSecrets as it was {@code lag} ago; zero switches off. */
  void listingLag(Duration lag) {
    listingLag = lag;
    for (AwsAccountState st : states.values()) {
      synchronized (st) {
        st.listing.lag(lag, st.all());
      }
    }
  }

  /**
   * Applies {@code change} under the state's lock and records it in the listing history; an {@link
   * AwsError} (say, no such secret) is a broken test setup, so it becomes unchecked.
   */
  private <T> T change(String account, String region, Function<AwsAccountState, T> change) {
    AwsAccountState st = state(account, region);
    synchronized (st) {
      try {
        T result = change.apply(st);
        st.listing.changed(st.now(), st::all);
        return result;
      } catch (AwsError e) {
        throw new IllegalStateException(e.type() + ": " + e.getMessage(), e);
      }
    }
  }
}
