package io.ctlspark.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/** What a run's progress log says about each phase, and the seconds it records. */
class PhaseTimerTest {
  /** Keeps the messages logged to it (log4j2 is the binding the jobs ship with). */
  private static final class Messages extends AbstractAppender {
    final List<String> seen = new ArrayList<>();

    Messages() {
      super("phase-timer-test", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      seen.add(event.getMessage().getFormattedMessage());
    }
  }

  @Test
  void aPhaseThatThrowsIsLoggedAsFailedNotDoneAndItsTimeIsKept() {
    Logger logger = (Logger) LogManager.getLogger(PhaseTimer.class);
    Messages messages = new Messages();
    messages.start();
    logger.addAppender(messages);
    org.apache.logging.log4j.Level before = logger.getLevel();
    logger.setLevel(org.apache.logging.log4j.Level.INFO);
    try {
      PhaseTimer timer = PhaseTimer.logged();
      assertEquals(7, timer.time("load", () -> 7));
      assertThrows(IllegalStateException.class, () -> timer.time("train", () -> {
        throw new IllegalStateException("bad input");
      }));
      assertEquals(List.of("load", "train"), List.copyOf(timer.seconds().keySet()));
      assertTrue(messages.seen.get(1).startsWith("load: done, "), messages.seen.toString());
      assertEquals("train: started", messages.seen.get(2));
      assertTrue(messages.seen.get(3).startsWith("train: failed, "), messages.seen.toString());
      assertEquals(4, messages.seen.size(), messages.seen.toString());
    } finally {
      logger.removeAppender(messages);
      logger.setLevel(before);
    }
  }
}
