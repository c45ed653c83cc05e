package dev.scc.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.internal.shell.AnalysisBudget;
import dev.scc.safety.internal.shell.ShellParser;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Class 7 of issue 13: analysis work is linear in the input with hard caps, and a line that exceeds them
 * is blocked at once. Work is observed through the budget (a line that needs more than
 * {@link AnalysisBudget#PER_CHAR} characters of scanning per input character is refused), never through
 * wall-clock time; the benchmark in bench/safety measures time.
 */
class ResourceBoundsTest {

    private static String nestedArithmetic(int levels, String core) {
        return "echo " + "$(( 1 + ".repeat(levels) + core + " ))".repeat(levels);
    }

    @Test
    void nestedArithmeticIsReadOncePerLevelNotTwice() {
        // 11 levels used to take 2^11 readings (seconds at 16 levels); now it fits the linear budget and is judged.
        Verdict v = Cases.line(nestedArithmetic(11, "1"));
        assertThat(v.decision()).as(v.reason()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void commandInsideNestedArithmeticIsStillFound() {
        Verdict v = Cases.line(nestedArithmetic(10, "$(git push -f origin main)"));
        assertThat(v.rule()).contains("git.force_push");
    }

    @Test
    void nestingBeyondTheDepthLimitIsBlockedNotSkipped() {
        // a too-deep arithmetic reading used to be swallowed as "plain arithmetic", hiding what was inside
        Verdict v = Cases.line(nestedArithmetic(20, "$(git push -f)"));
        assertThat(v.decision()).isEqualTo(Decision.BLOCK);
        assertThat(v.rule()).contains("shell.unparseable");
        assertThat(v.reason()).contains("levels deep");
    }

    @Test
    void fallbackReadingsOfUnclosedArithmeticAreBoundedAndFailClosed() {
        String line = "echo " + "$(( (".repeat(12) + "x" + ") )".repeat(12) + " y".repeat(20_000);
        Verdict v = Cases.line(line);
        assertThat(v.decision()).isEqualTo(Decision.BLOCK);
        assertThat(v.rule()).contains("shell.unparseable");
    }

    @Test
    void lineOverTheSizeCapIsBlocked() {
        Verdict v = Cases.line("echo '" + "x".repeat(ShellParser.MAX_CHARS) + "'");
        assertThat(v.rule()).contains("shell.unparseable");
        assertThat(v.reason()).contains("longer than");
    }

    @Test
    void lineWithMoreCommandsThanTheCapIsBlocked() {
        Verdict v = Cases.line("true; ".repeat(AnalysisBudget.MAX_COMMANDS + 1));
        assertThat(v.rule()).contains("shell.unparseable");
        assertThat(v.reason()).contains("commands");
        assertThat(Cases.line("true; ".repeat(AnalysisBudget.MAX_COMMANDS / 2)).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void nestedReadingsByTheAnalyserCountAgainstTheSameLimits() {
        Verdict v = Cases.DEFAULT.evaluateArgv(java.util.List.of("bash", "-c", "eval ".repeat(30) + "git status"));
        assertThat(v.rule()).contains("shell.unparseable");
        assertThat(Cases.DEFAULT.evaluateArgv(java.util.List.of("bash", "-c", "eval ".repeat(5) + "git push -f")).rule())
                .contains("git.force_push");
    }

    @Provide
    Arbitrary<String> nestedConstructs() {
        Arbitrary<String> open = Arbitraries.of("$(( ", "(( ", "$( ", "( ", "$(( (", "\"$(", "<(", "{ ", "`");
        Arbitrary<String> close = Arbitraries.of(" ))", " )", ")\"", " ;}", "`", ") )");
        return Arbitraries.oneOf(open, close, Arbitraries.of("git push -f", "1 +", "x", "; ", "|", "'", "\""))
                .list().ofMinSize(1).ofMaxSize(400).map(l -> String.join("", l));
    }

    @Property(tries = 300)
    void anyMixOfNestedConstructsGetsAVerdictWithinTheBudget(@ForAll("nestedConstructs") String line) {
        Verdict v = Cases.line(line);
        assertThat(v).isNotNull();
        assertThat(v.decision()).isIn(Decision.ALLOW, Decision.BLOCK);
        // the same text inside a command substitution is read as a command too: never allowed when blocked outside
        if (v.decision() == Decision.BLOCK && !v.rule().orElse("").equals("shell.unparseable")) {
            assertThat(Cases.line("x=$(" + line + "\n)").decision()).isEqualTo(Decision.BLOCK);
        }
    }
}
