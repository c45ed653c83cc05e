package dev.scc.cli.ux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final StringWriter out = new StringWriter();

    @Test
    void onATerminalItRedrawsOneLineInPlaceAndOnlyWhenItChanges() {
        ProgressBar bar = new ProgressBar(out, true, "build", 10);
        bar.update(5);
        bar.update(5);
        bar.finish();
        assertThat(out.toString()).isEqualTo(
                "\rbuild [###############...............]  50% 5/10"
                        + "\rbuild [##############################] 100% 10/10\n");
    }

    @Test
    void elsewhereItPrintsOnePlainLinePerMilestoneAndNoCarriageReturns() {
        ProgressBar bar = new ProgressBar(out, false, "fetch", 200);
        for (int i = 0; i <= 200; i += 10) {
            bar.update(i);
        }
        bar.finish();
        assertThat(out.toString()).isEqualTo("fetch: 0% (0/200)\nfetch: 25% (50/200)\nfetch: 50% (100/200)\n"
                + "fetch: 75% (150/200)\nfetch: done (200/200)\n").doesNotContain("\r");
    }

    @Test
    void aShorterRedrawPadsOverTheLongerPreviousLine() {
        ProgressBar bar = new ProgressBar(out, true, "n", 0);
        bar.update(100);
        bar.update(7);
        assertThat(out.toString()).isEqualTo("\rn 100\rn 7  ");
    }

    @Test
    void unknownTotalPrintsOnlyTheFinalCountOffTerminal() {
        ProgressBar bar = new ProgressBar(out, false, "layers", 0);
        bar.advance(3);
        bar.advance(4);
        bar.finish();
        bar.finish();
        assertThat(out.toString()).isEqualTo("layers: done (7)\n");
    }

    @Test
    void valuesAreClampedAndUpdatesAfterFinishAreIgnored() {
        ProgressBar bar = new ProgressBar(out, false, "x", 4, 50);
        bar.update(-3);
        bar.update(99);
        bar.finish();
        bar.update(1);
        assertThat(out.toString()).isEqualTo("x: 0% (0/4)\nx: done (4/4)\n");
    }

    @Test
    void aStepOutsideOneToHundredIsRejected() {
        assertThatThrownBy(() -> new ProgressBar(out, false, "x", 1, 0)).hasMessageContaining("1..100");
    }

    @Test
    void onFollowsTheTerminal() {
        ProgressBar.on(out, Terminal.PLAIN, "p", 2).update(1);
        assertThat(out.toString()).isEqualTo("p: 50% (1/2)\n");
    }
}
