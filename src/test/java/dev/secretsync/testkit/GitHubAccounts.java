package dev.secretsync.testkit;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's organisations, users, teams and repository ids: what {@code GET
 * /users/{username}}, {@code GET /orgs/{org}/teams/{team_slug}} and {@code GET
 * /repos/{owner}/{repo}} answer, and what environment reviewers and selected repositories are
 * checked against. Ids are positive integers, unique across kinds, as GitHub's are within each
 * kind.
 */
public final class GitHubAccounts {
  private final Set<String> orgs = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> users = new ConcurrentHashMap<>();
  private final Map<String, Long> teams = new ConcurrentHashMap<>();
  private final Map<String, Long> repos = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(583231);

  /** Creates organisation {@code org}. */
  public GitHubAccounts org(String org) {
    orgs.add(org.toLowerCase());
    return this;
  }

  /** Creates user {@code login}; returns its id. */
  public long user(String login) {
    return users.computeIfAbsent(login.toLowerCase(), k -> ids.incrementAndGet());
  }

  /** Creates team {@code slug} of organisation {@code org}; returns its id. */
  public long team(String org, String slug) {
    org(org);
    return teams.computeIfAbsent(org.toLowerCase() + "/" + slug, k -> ids.incrementAndGet());
  }

  /** The id of repository {@code owner/repo} (assigned when the emulator creates it). */
  public long repositoryId(String owner, String repo) {
    return repos.computeIfAbsent((owner + "/" + repo).toLowerCase(), k -> ids.incrementAndGet());
  }

  boolean orgExists(String org) {
    return orgs.contains(org.toLowerCase());
  }

  Optional<Long> userId(String login) {
    return Optional.ofNullable(users.get(login.toLowerCase()));
  }

  Optional<Long> teamId(String org, String slug) {
    return Optional.ofNullable(teams.get(org.toLowerCase() + "/" + slug));
  }

  Optional<Long> repoId(String owner, String repo) {
    return Optional.ofNullable(repos.get((owner + "/" + repo).toLowerCase()));
  }

  /** {@code owner/repo} of a repository id. */
  Optional<String> repoName(long id) {
    return repos.entrySet().stream()
        .filter(e -> e.getValue() == id)
        .map(Map.Entry::getKey)
        .findFirst();
  }

  boolean userOrTeamExists(String type, long id) {
    return ("User".equals(type) ? users : teams).containsValue(id);
  }
}
