package dev.scc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.SccException;
import dev.scc.core.SccException.Kind;
import dev.scc.core.runtime.RuntimeBackendException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one mapping from a failure's kind to the documented exit codes (README, "Exit codes"). */
class ExitCodesTest {
    @Test
    void everyKindHasOneDocumentedExitCodeAndTheRuntimeKindsKeepTheirs() {
        Map<Kind, Integer> expected = new EnumMap<>(Kind.class);
        expected.put(Kind.NOT_FOUND, 1);
        expected.put(Kind.INVALID, 2);
        expected.put(Kind.CONFIG, 3);
        expected.put(Kind.FAILED, 4);
        expected.put(Kind.CONFLICT, 4);
        expected.put(Kind.UNAVAILABLE, 5);
        expected.put(Kind.REFUSED, 6);
        expected.put(Kind.CANCELLED, 130);
        for (Kind k : Kind.values()) {
            assertThat(ExitCodes.of(k)).as(k.name()).isEqualTo(expected.get(k));
            assertThat(ExitCodes.of(new RuntimeBackendException(k, "m", "f"))).as(k.name()).isEqualTo(expected.get(k));
        }
    }

    @Test
    void aFailureThatIsNotAnSccExceptionIsAToolError() {
        assertThat(ExitCodes.of(new IllegalStateException("bug"))).isEqualTo(ExitCodes.TOOL);
    }

    @Test
    void everyExitCodeHasAStableNameForTheJsonEnvelope() {
        for (Kind k : Kind.values()) {
            assertThat(ExitCodes.name(ExitCodes.of(k)))
                    .isIn(Set.of("not_found", "usage", "config", "tool", "prerequisite", "governance", "cancelled"));
        }
        assertThat(ExitCodes.of(new SccException(Kind.REFUSED, "no", ""))).isEqualTo(ExitCodes.GOVERNANCE);
    }
}
