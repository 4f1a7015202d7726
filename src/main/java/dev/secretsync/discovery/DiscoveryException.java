package dev.secretsync.discovery;

/** Discovery could not list accounts; the message is one line saying what to do. */
public final class DiscoveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message only (no value of any secret ever reaches it). */
  public DiscoveryException(String message) {
    super(message, null, false, false);
  }
}
