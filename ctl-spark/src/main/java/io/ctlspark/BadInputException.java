package io.ctlspark;

/**
 * Bad input or configuration: a missing file or column, a non-numeric value, an unknown key, a
 * budget that cannot be honoured. The CLI maps it to exit code 2 and prints only its message, which
 * must name the file, column, task or key at fault.
 */
public class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The first BadInputException in a cause chain, if any. Spark wraps an exception thrown on an
   * executor in a SparkException whose cause is the deserialised original.
   */
  public static BadInputException findIn(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BadInputException b) {
        return b;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
