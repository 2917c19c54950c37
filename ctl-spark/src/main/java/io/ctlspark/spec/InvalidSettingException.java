package io.ctlspark.spec;

import io.ctlspark.BadInputException;
import java.util.List;
import java.util.function.Function;

/**
 * A domain error about settings: a value out of range, or settings that cannot be honoured
 * together (a budget too small for the tasks, a root that is no task). The message is a template in
 * which {0}, {1}, ... stand for the settings it names, so that each boundary names them as its user
 * wrote them: {@link #getMessage()} uses the Spark ML Param names, {@code message(Setting::key)}
 * the configuration keys (what the command line prints).
 */
public class InvalidSettingException extends BadInputException {
  private static final long serialVersionUID = 1L;
  private final String template;
  private final List<Setting> settings;

  /** @param settings the settings {0}, {1}, ... of the template; the first is the one at fault */
  public InvalidSettingException(String template, Setting... settings) {
    super(render(template, List.of(settings), Setting::paramName));
    this.template = template;
    this.settings = List.of(settings);
  }

  /** The setting at fault. */
  public Setting setting() {
    return settings.get(0);
  }

  /** The message with every setting named by {@code naming} (e.g. Setting::key). */
  public String message(Function<Setting, String> naming) {
    return render(template, settings, naming);
  }

  private static String render(String template, List<Setting> settings,
      Function<Setting, String> naming) {
    String out = template;
    for (int i = 0; i < settings.size(); i++) {
      out = out.replace("{" + i + "}", naming.apply(settings.get(i)));
    }
    return out;
  }
}
