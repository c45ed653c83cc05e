package dev.scc.core.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PluginRefTest {

    @Test
    void bareNameResolvesToTheImplicitMarketplaceWhenTheOrgHasNone() {
        assertThat(PluginRef.canonicalise("tool", List.of()).canonical()).contains("tool@claude-plugins-official");
    }

    @Test
    void bareNameResolvesToTheOrgsOnlyMarketplace() {
        assertThat(PluginRef.canonicalise(" tool ", List.of("corp")).canonical()).contains("tool@corp");
    }

    @Test
    void bareNameIsAmbiguousWithSeveralMarketplaces() {
        PluginRef.Result r = PluginRef.canonicalise("tool", List.of("b", "a"));
        assertThat(r.canonical()).isEmpty();
        assertThat(r.problem()).contains("ambiguous").contains("[a, b]").contains("tool@<marketplace>");
    }

    @Test
    void scopedFormIsRewritten() {
        assertThat(PluginRef.canonicalise("@corp/tool", List.of()).canonical()).contains("tool@corp");
    }

    @Test
    void emptyAndDoubleAtAreInvalid() {
        assertThat(PluginRef.canonicalise("  ", List.of()).canonical()).isEmpty();
        assertThat(PluginRef.canonicalise("a@@b", List.of()).canonical()).isEmpty();
        assertThat(PluginRef.canonicalise("a@", List.of()).canonical()).isEmpty();
    }

    @Test
    void patternWithoutAtMatchesTheNamePart() {
        assertThat(PluginRef.matches("tool-experimental@internal", "*-experimental")).isTrue();
        assertThat(PluginRef.matches("tool@mp", "tool")).isTrue();
    }

    @Test
    void patternWithAtMatchesTheWholeRef() {
        assertThat(PluginRef.matches("tool@internal", "*@internal")).isTrue();
        assertThat(PluginRef.matches("tool", "*@internal")).isFalse();
        assertThat(PluginRef.matches("tool@other", "*@internal")).isFalse();
    }
}
