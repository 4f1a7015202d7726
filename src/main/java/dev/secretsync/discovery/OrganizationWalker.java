package dev.secretsync.discovery;

import dev.secretsync.config.DynamicTargetConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Lists the accounts a block selects. The OU tree is walked from the roots one level at a time (one
 * ListOrganizationalUnitsForParent per OU, the level's calls in parallel) so every account's {@code
 * ou_path} is known without extra calls; accounts are listed only under the selected OUs (and their
 * descendants when {@code recursive}), also in parallel. OU trees are small next to the account
 * lists, so walking all of it costs a few calls.
 */
final class OrganizationWalker {
  private final OrganizationsApi api;
  private final ExecutorService pool;
  private final IntConsumer progress;

  OrganizationWalker(OrganizationsApi api, ExecutorService pool, IntConsumer progress) {
    this.api = api;
    this.pool = pool;
    this.progress = progress;
  }

  private record Node(String id, String path, boolean selected) {}

  List<Account> walk(DynamicTargetConfig.Organizations org) {
    Set<String> wanted = new LinkedHashSet<>(org.ous());
    List<Node> level = new ArrayList<>();
    for (OrganizationsApi.Unit root : api.roots()) {
      level.add(new Node(root.id(), "", wanted.isEmpty() || wanted.contains(root.id())));
    }
    List<Node> selected = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    while (!level.isEmpty()) {
      List<Node> current = level;
      current.stream().filter(Node::selected).forEach(selected::add);
      current.forEach(n -> seen.add(n.id()));
      boolean needChildren = org.recursive() || current.stream().anyMatch(n -> !n.selected());
      if (!needChildren) {
        break;
      }
      List<List<OrganizationsApi.Unit>> children =
          all(
              current.stream()
                  .map(n -> (Callable<List<OrganizationsApi.Unit>>) () -> api.children(n.id()))
                  .toList());
      level = new ArrayList<>();
      for (int i = 0; i < current.size(); i++) {
        Node parent = current.get(i);
        for (OrganizationsApi.Unit u : children.get(i)) {
          String path = parent.path().isEmpty() ? u.name() : parent.path() + "/" + u.name();
          boolean sel = (parent.selected() && org.recursive()) || wanted.contains(u.id());
          level.add(new Node(u.id(), path, sel));
        }
      }
    }
    for (String ou : wanted) {
      if (!seen.contains(ou)) {
        throw new DiscoveryException(
            "discovery.organizations.ous: " + ou + " is not in the organisation (check the id)");
      }
    }
    List<List<Account>> lists =
        all(
            selected.stream()
                .map(n -> (Callable<List<Account>>) () -> api.accounts(n.id()))
                .toList());
    List<Account> out = new ArrayList<>();
    Map<String, Boolean> dedupe = new HashMap<>();
    for (int i = 0; i < selected.size(); i++) {
      Node n = selected.get(i);
      for (Account a : lists.get(i)) {
        if (dedupe.putIfAbsent(a.id(), true) == null) {
          out.add(new Account(a.id(), a.name(), a.email(), a.status(), n.id(), n.path(), a.tags()));
        }
      }
      progress.accept(out.size());
    }
    return out;
  }

  /** Lists the tags of {@code accounts} in parallel (one ListTagsForResource each). */
  List<Account> withTags(List<Account> accounts) {
    List<Map<String, String>> tags =
        all(
            accounts.stream()
                .map(a -> (Callable<Map<String, String>>) () -> api.tags(a.id()))
                .toList());
    List<Account> out = new ArrayList<>();
    for (int i = 0; i < accounts.size(); i++) {
      out.add(accounts.get(i).withTags(tags.get(i)));
    }
    return out;
  }

  private <T> List<T> all(List<Callable<T>> tasks) {
    try {
      List<Future<T>> futures = pool.invokeAll(tasks);
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DiscoveryException("account discovery was interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new DiscoveryException("account discovery failed: " + e.getCause());
    }
  }
}
