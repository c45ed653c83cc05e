package dev.scc.safety.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The minimal JSON reader: correct on valid input, a JsonException (never anything else) on the rest. */
class MiniJsonTest {

    @Test
    @SuppressWarnings("unchecked")
    void readsTheHookSampleShapes() {
        Object o = MiniJson.parse("{\"a\":[1,2.5,-3e2,true,false,null],\"b\":{\"c\":\"x\\u0041\\n\\\"\"}}");
        Map<?, ?> m = (Map<?, ?>) o;
        assertThat((List<Object>) m.get("a")).containsExactly(1L, 2.5, -300.0, true, false, MiniJson.NULL);
        assertThat(((Map<?, ?>) m.get("b")).get("c")).isEqualTo("xA\n\"");
    }

    @Test
    void rejectsMalformedDocuments() {
        for (String bad : new String[] {"", "{", "{\"a\":}", "{\"a\":1,}", "[1,]", "tru", "\"\\x\"", "01", "1.", "{\"a\":1}x",
                "{\"a\":1,\"a\":2}", "\"\u0001\"", "{a:1}", "NaN"}) {
            assertThatThrownBy(() -> MiniJson.parse(bad)).as(bad).isInstanceOf(MiniJson.JsonException.class);
        }
    }

    @Test
    void refusesDeepNestingInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> MiniJson.parse(deep)).isInstanceOf(MiniJson.JsonException.class).hasMessageContaining("nested");
    }

    @Property(tries = 400)
    void quotedStringsRoundTrip(@ForAll String s) {
        assertThat(MiniJson.parse(MiniJson.quote(s))).isEqualTo(s);
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("{}[]:,\"\\0123456789.eE+-truefalsn u\t\n").ofMaxLength(80),
                Arbitraries.strings().ofMaxLength(80));
    }

    @Property(tries = 3000)
    void neverThrowsAnythingButJsonException(@ForAll("jsonish") String s) {
        try {
            MiniJson.parse(s);
        } catch (MiniJson.JsonException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
