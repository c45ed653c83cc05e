package dev.scc.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/** Table-driven helpers: each row is a command line and the rule it must hit ("allow" when it must run). */
final class Cases {
    private Cases() {}

    static final SafetyEngine DEFAULT = new SafetyEngine(SafetyPolicy.defaults("test"));

    static Verdict line(String command) {
        return DEFAULT.evaluateLine(command);
    }

    static Stream<DynamicTest> table(SafetyEngine engine, String[][] rows) {
        return Arrays.stream(rows).map(r -> DynamicTest.dynamicTest(
                (r[1].equals("allow") ? "allows " : "blocks as " + r[1] + ": ") + r[0].replace("\n", "\\n"), () -> {
                    Verdict v = engine.evaluateLine(r[0]);
                    if (r[1].equals("allow")) {
                        assertThat(v.decision()).as(v.reason()).isEqualTo(Decision.ALLOW);
                    } else {
                        assertThat(v.decision()).as(v.reason()).isEqualTo(Decision.BLOCK);
                        assertThat(v.rule()).contains(r[1]);
                    }
                }));
    }

    static Stream<DynamicTest> table(String[][] rows) {
        return table(DEFAULT, rows);
    }
}
