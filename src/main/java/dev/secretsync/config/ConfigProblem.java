package dev.secretsync.config;

/**
 * One problem in a configuration file.
 *
 * @param file the file name as the user gave it
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param path the config path, e.g. {@code targets.Production.imports[0]}
 * @param message what is wrong and, where useful, what to do
 */
public record ConfigProblem(String file, int line, int column, String path, String message) {

  /** {@code file:line:col: path: message}, the form editors and CI annotations understand. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (file != null && !file.isEmpty()) {
      sb.append(file);
      if (line > 0) {
        sb.append(':').append(line);
        if (column > 0) {
          sb.append(':').append(column);
        }
      }
      sb.append(": ");
    }
    if (path != null && !path.isEmpty()) {
      sb.append(path).append(": ");
    }
    return sb.append(message).toString();
  }
}
