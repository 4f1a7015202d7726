package dev.secretsync.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * In-process HTTP emulator of AWS Secrets Manager, Organizations, SSO Admin and Identity Store
 * (JSON 1.1) and STS (query protocol) for tests, meant to be driven by the real AWS SDK clients via
 * {@code endpointOverride(endpoint())}.
 *
 * <p>State is kept per (account, region). The account of a request comes from the access key id in
 * its SigV4 credential scope: keys issued by {@code AssumeRole} belong to the role's account, keys
 * registered with {@link #registerAccessKey} to the registered account, and any other key to {@link
 * #defaultAccount()}. The region is the credential scope's region. Signatures are not verified.
 *
 * <p>Tests can seed and inspect state, count calls, add latency, inject failures and throttle
 * writes. All methods are thread-safe. See {@code AwsEmulatorTest} for usage with the SDK.
 */
public final class AwsEmulator implements AutoCloseable {
  /** The region used when a request carries no credential scope. */
  public static final String DEFAULT_REGION = "us-east-1";

  /** The default account id used by {@link #start()}. */
  public static final String DEFAULT_ACCOUNT = "000000000000";

  /**
   * One recorded AssumeRole call.
   *
   * @param roleArn the requested role ARN
   * @param roleSessionName the requested RoleSessionName
   * @param callerAccount the account of the credentials that called AssumeRole
   * @param issuedAccessKeyId the access key id handed out (maps to the role's account)
   * @param at emulator-clock time of the call
   */
  public record AssumeRoleCall(
      String roleArn,
      String roleSessionName,
      String callerAccount,
      String issuedAccessKeyId,
      Instant at) {}

  private final String defaultAccount;
  private final LoopbackHttpServer server;
  private final AwsCallControl control = new AwsCallControl();
  private final Random random = new Random();
  private final AwsSecretsManagerState secretsManager;
  private final AwsStsHandler sts;
  private final AwsOrganization organization = new AwsOrganization();
  private final AwsIdentityCenter identityCenter = new AwsIdentityCenter();
  private final AwsIamDenials iam = new AwsIamDenials();

  private AwsEmulator(String defaultAccount) throws IOException {
    this.defaultAccount = defaultAccount;
    ObjectMapper json = new ObjectMapper();
    this.sts = new AwsStsHandler(() -> control.clock().instant(), random);
    this.secretsManager = new AwsSecretsManagerState(() -> control.clock().instant(), random);
    AwsSecretsManagerHandler sm = new AwsSecretsManagerHandler(json);
    this.server =
        new LoopbackHttpServer(
            "aws-emulator",
            32,
            128,
            new AwsHttpDispatcher(
                this,
                control,
                sm,
                sts,
                iam,
                json,
                new AwsOrganizationsHandler(json, organization),
                new AwsIdentityCenterHandler(json, identityCenter)));
  }

  /** Starts an emulator on 127.0.0.1 with a random free port and default account 000000000000. */
  public static AwsEmulator start() {
    return start(DEFAULT_ACCOUNT);
  }

  /** Starts an emulator whose non-assumed credentials map to {@code defaultAccount}. */
  public static AwsEmulator start(String defaultAccount) {
    try {
      return new AwsEmulator(defaultAccount);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:PORT}, for {@code endpointOverride}. */
  public URI endpoint() {
    return server.endpoint();
  }

  /** The account that credentials not issued by AssumeRole (nor registered) belong to. */
  public String defaultAccount() {
    return defaultAccount;
  }

  @Override
  public void close() {
    server.close();
  }

  /** Forgets all secrets, STS sessions and denials, counters, faults and throttling settings. */
  public void reset() {
    secretsManager.clear();
    sts.reset();
    organization.clear();
    identityCenter.clear();
    iam.reset();
    resetCounters();
    control.clearFaults();
    control.writeQuotaPerSecond(0);
    control.throttleFraction(0);
    control.latency(Duration.ZERO);
  }

  AwsAccountState state(String account, String region) {
    return secretsManager.state(account, region);
  }

  // ---------------------------------------------------------------- state access and seeding

  /** Snapshot of all secrets of (account, region), including ones scheduled for deletion. */
  public List<AwsSecretView> secrets(String account, String region) {
    return secretsManager.secrets(account, region);
  }

  /** Snapshot of one secret by name or ARN. */
  public Optional<AwsSecretView> secret(String account, String region, String nameOrArn) {
    return secretsManager.secret(account, region, nameOrArn);
  }

  /** Creates a string secret with one AWSCURRENT version (random version id). */
  public AwsSecretView seedSecret(
      String account, String region, String name, String value, Map<String, String> tags) {
    return secretsManager.seed(account, region, name, value, null, tags);
  }

  /** {@link #seedSecret(String, String, String, String, Map)} in the default account/region. */
  public AwsSecretView seedSecret(String name, String value, Map<String, String> tags) {
    return seedSecret(defaultAccount, DEFAULT_REGION, name, value, tags);
  }

  /** Creates a binary-only secret (SecretBinary) with one AWSCURRENT version. */
  public AwsSecretView seedBinarySecret(
      String account, String region, String name, byte[] value, Map<String, String> tags) {
    return secretsManager.seed(account, region, name, null, value, tags);
  }

  /** The AWSCURRENT string value of a secret, or {@code null} if absent or without one. */
  public String currentValue(String account, String region, String name) {
    return secret(account, region, name).map(AwsSecretView::currentValue).orElse(null);
  }

  /**
   * Changes a secret's value as if someone else had called PutSecretValue: a new AWSCURRENT version
   * with a random version id (the old current becomes AWSPREVIOUS). Not counted as a call.
   *
   * @return the new version id
   */
  public String modifyOutOfBand(String account, String region, String name, String newValue) {
    return secretsManager.modifyOutOfBand(account, region, name, newValue);
  }

  /** Adds a tag as if someone else had called TagResource. Not counted as a call. */
  public void tagOutOfBand(String account, String region, String name, String key, String value) {
    secretsManager.tagOutOfBand(account, region, name, key, value);
  }

  /** Schedules a secret for deletion as DeleteSecret with {@code RecoveryWindowInDays} would. */
  public AwsSecretView scheduleDeletion(
      String account, String region, String name, int recoveryWindowDays) {
    return secretsManager.scheduleDeletion(account, region, name, recoveryWindowDays);
  }

  // ---------------------------------------------------------------- Organizations, Identity Center

  /** The AWS Organizations tree answered by this emulator (none until {@code create}). */
  public AwsOrganization organization() {
    return organization;
  }

  /** The IAM Identity Center instance answered by this emulator (none until {@code enable}). */
  public AwsIdentityCenter identityCenter() {
    return identityCenter;
  }

  // ---------------------------------------------------------------- STS

  /** Makes AssumeRole of {@code roleArn} fail with 403 AccessDenied. */
  public void assumeRoleDenied(String roleArn) {
    sts.deny(roleArn);
  }

  /** Undoes {@link #assumeRoleDenied}. */
  public void assumeRoleAllowed(String roleArn) {
    sts.allow(roleArn);
  }

  /**
   * Makes {@code action} (e.g. {@code secretsmanager:ListSecrets}) fail with AccessDeniedException
   * for requests signed with credentials of {@code roleArn}, as a missing policy statement would.
   */
  public void denyAction(String roleArn, String action) {
    iam.deny(roleArn, action);
  }

  /** Every successful AssumeRole call, in order. */
  public List<AssumeRoleCall> assumeRoleCalls() {
    return sts.calls();
  }

  /** The RoleSessionName of every successful AssumeRole call, in order. */
  public List<String> roleSessionNames() {
    return sts.calls().stream().map(AssumeRoleCall::roleSessionName).toList();
  }

  /** Attributes requests signed with {@code accessKeyId} to {@code account}. */
  public void registerAccessKey(String accessKeyId, String account) {
    sts.registerAccessKey(accessKeyId, account);
  }

  // ---------------------------------------------------------------- counters

  /** Requests received for an operation, e.g. {@code "secretsmanager.PutSecretValue"}. */
  public long count(String operation) {
    return control.count(operation);
  }

  /** Requests received for an operation from one account. */
  public long count(String account, String operation) {
    return control.count(account, operation);
  }

  /** Mutating Secrets Manager requests received (all accounts, including rejected attempts). */
  public long writeCount() {
    return control.writes();
  }

  /** Mutating Secrets Manager requests received from one account. */
  public long writeCount(String account) {
    return control.writes(account);
  }

  /**
   * Who wrote to {@code account}: the role session names of assumed-role callers (secretsync's are
   * {@code secretsync-<run id>}, so one per process), else the access key ids.
   */
  public Set<String> writers(String account) {
    return control.writers(account);
  }

  /**
   * The most requests of {@code operation} (e.g. {@code secretsmanager.ListSecrets}) the emulator
   * was answering at the same time since the last counter reset.
   */
  public int maxConcurrent(String operation) {
    return control.maxConcurrent(operation);
  }

  /** The most writes {@code account} received within one second of the emulator's clock. */
  public int maxWritesPerSecond(String account) {
    return control.maxWritesPerSecond(account);
  }

  /** All requests received. */
  public long totalCalls() {
    return control.total();
  }

  /** Requests answered with ThrottlingException by the write quota or throttle fraction. */
  public long throttledCount() {
    return control.throttled();
  }

  /** Requests answered with a failure queued by {@link #failNext}. */
  public long injectedFaultCount() {
    return control.faulted();
  }

  /** Zeroes all counters. */
  public void resetCounters() {
    control.reset();
  }

  // ---------------------------------------------------------------- faults and timing

  /** Delays every response by {@code latency} (zero to disable). */
  public void latency(Duration latency) {
    control.latency(latency);
  }

  /**
   * Answers the next {@code n} requests for {@code operation} (e.g. {@code
   * "secretsmanager.PutSecretValue"}, {@code "sts.AssumeRole"}, or {@code "*"} for any) with {@code
   * status} and error code {@code errorType} in the service's error format.
   */
  public void failNext(String operation, int n, int status, String errorType) {
    control.failNext(operation, n, status, errorType);
  }

  /**
   * Answers the {@code position}-th next request for {@code operation} (1 = the next one) with
   * {@code status} and {@code errorType}; the requests before it are answered normally.
   */
  public void failAt(String operation, int position, int status, String errorType) {
    control.failAt(operation, position, status, errorType);
  }

  /** Drops all queued {@link #failNext} and {@link #failAt} failures. */
  public void clearFaults() {
    control.clearFaults();
  }

  /**
   * Limits mutating Secrets Manager calls per (account, region) to a token bucket of {@code quota}
   * requests refilled at {@code quota} per second of the emulator clock; excess calls get HTTP 400
   * {@code ThrottlingException: Rate exceeded}. Zero disables.
   */
  public void writeQuotaPerSecond(int quota) {
    control.writeQuotaPerSecond(quota);
  }

  /**
   * Throttles a deterministic fraction of mutating calls (all accounts): 0.5 throttles the 2nd,
   * 4th, 6th... write, 0.25 every 4th, 1 all of them, 0 none. Setting it restarts the sequence.
   */
  public void throttleFraction(double fraction) {
    control.throttleFraction(fraction);
  }

  /**
   * Makes ListSecrets eventually consistent as the API reference warns ("ListSecrets might not
   * reflect changes from the last five minutes"): it serves every (account, region) as it was
   * {@code lag} ago by the emulator clock, while DescribeSecret, GetSecretValue and writes see the
   * current state. What exists when the lag is switched on counts as old enough to be listed.
   * {@link Duration#ZERO} switches it off.
   */
  public void listingLag(Duration lag) {
    secretsManager.listingLag(lag);
  }

  /** Sets the clock used for dates, recovery windows, credential expiry and write quotas. */
  public void clock(Clock clock) {
    control.clock(clock);
  }

  /** The clock in use. */
  public Clock clock() {
    return control.clock();
  }
}
