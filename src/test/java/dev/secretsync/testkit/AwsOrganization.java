package dev.secretsync.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AWS Organizations state of an {@link AwsEmulator}: one organisation (absent until {@link
 * #create}), its root, OUs, accounts with status and tags, and which accounts may call the API (the
 * management account and delegated administrators). Seeding is not counted as calls. Thread-safe
 * (every method synchronizes on this object, as the handler does).
 */
public final class AwsOrganization {
  /** The statuses the API reports ({@code Account.Status}). */
  public static final Set<String> STATUSES = Set.of("ACTIVE", "SUSPENDED", "PENDING_CLOSURE");

  /**
   * One organizational unit.
   *
   * @param id {@code ou-<root suffix>-<8 chars>}
   * @param name its name
   * @param parentId the root or OU it sits in
   */
  public record Ou(String id, String name, String parentId) {}

  /**
   * One member account.
   *
   * @param id 12 digits
   * @param name account name
   * @param email root email
   * @param status ACTIVE, SUSPENDED or PENDING_CLOSURE
   * @param parentId the root or OU it sits in
   * @param tags its tags
   */
  public record Account(
      String id,
      String name,
      String email,
      String status,
      String parentId,
      Map<String, String> tags) {}

  static final String ROOT_ID = "r-ab12";
  static final String ORG_ID = "o-exampleorgid";

  private String management;
  private final Map<String, Ou> ous = new LinkedHashMap<>();
  private final Map<String, Account> accounts = new LinkedHashMap<>();
  private final Set<String> delegated = ConcurrentHashMap.newKeySet();
  private int ouCounter;

  /** Creates the organisation with {@code managementAccount}; clears any previous tree. */
  public synchronized AwsOrganization create(String managementAccount) {
    clear();
    management = managementAccount;
    return this;
  }

  /** Removes the organisation: every call then fails with AWSOrganizationsNotInUseException. */
  public synchronized void clear() {
    management = null;
    ous.clear();
    accounts.clear();
    delegated.clear();
    ouCounter = 0;
  }

  /** The root's id. */
  public String rootId() {
    return ROOT_ID;
  }

  /** Adds an OU under {@code parentId} (the root or an OU) and returns its id. */
  public synchronized String addOu(String parentId, String name) {
    requireParent(parentId);
    String id = String.format("ou-ab12-%08d", ++ouCounter);
    ous.put(id, new Ou(id, name, parentId));
    return id;
  }

  /** Adds (or replaces) an account under {@code parentId}. */
  public synchronized void addAccount(
      String parentId, String id, String name, String status, Map<String, String> tags) {
    requireParent(parentId);
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException("status " + status);
    }
    accounts.put(
        id, new Account(id, name, name + "@example.com", status, parentId, new TreeMap<>(tags)));
  }

  /** Removes an account from the organisation (as RemoveAccountFromOrganization would). */
  public synchronized void removeAccount(String id) {
    accounts.remove(id);
  }

  /** Lets {@code account} call the read APIs as a delegated administrator. */
  public synchronized void delegateAdministrator(String account) {
    delegated.add(account);
  }

  synchronized boolean exists() {
    return management != null;
  }

  synchronized boolean mayRead(String account) {
    return account.equals(management) || delegated.contains(account);
  }

  synchronized String management() {
    return management;
  }

  synchronized boolean isParent(String id) {
    return ROOT_ID.equals(id) || ous.containsKey(id);
  }

  synchronized List<Ou> ousOf(String parentId) {
    return ous.values().stream().filter(o -> o.parentId().equals(parentId)).toList();
  }

  synchronized List<Account> accountsOf(String parentId) {
    return accounts.values().stream().filter(a -> a.parentId().equals(parentId)).toList();
  }

  synchronized List<Account> accounts() {
    return new ArrayList<>(accounts.values());
  }

  synchronized Map<String, String> tagsOf(String resourceId) {
    Account a = accounts.get(resourceId);
    return a == null ? null : a.tags();
  }

  private void requireParent(String parentId) {
    if (management == null) {
      throw new IllegalStateException("create the organisation first");
    }
    if (!isParent(parentId)) {
      throw new IllegalArgumentException("no parent " + parentId);
    }
  }
}
