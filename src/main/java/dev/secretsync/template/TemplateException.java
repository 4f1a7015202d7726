package dev.secretsync.template;

/**
 * A template that cannot be parsed, or cannot be rendered with the data given. The message starts
 * with {@code line:column} of the offending action and never contains a value from the data, so it
 * is safe to log and to put in a status file.
 */
public final class TemplateException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String detail;

  TemplateException(int line, int column, String detail) {
    super(line + ":" + column + ": " + detail);
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  /** 1-based line of the offending text. */
  public int line() {
    return line;
  }

  /** 1-based column of the offending text. */
  public int column() {
    return column;
  }

  /** The message without its position. */
  public String detail() {
    return detail;
  }
}
