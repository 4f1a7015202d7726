package dev.secretsync.template;

/** Turns a source offset into the 1-based line:column users see in errors. */
final class Positions {
  private Positions() {}

  static TemplateException error(String src, int offset, String message) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < src.length(); i++) {
      if (src.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new TemplateException(line, column, message);
  }
}
