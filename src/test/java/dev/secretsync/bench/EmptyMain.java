package dev.secretsync.bench;

/** The start-up baseline: a JVM that loads one class and returns. */
public final class EmptyMain {
  private EmptyMain() {}

  /** Does nothing. */
  public static void main(String[] args) {}
}
