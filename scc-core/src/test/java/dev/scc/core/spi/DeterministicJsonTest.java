package dev.scc.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scc.core.spi.DeterministicJson.JsonArray;
import dev.scc.core.spi.DeterministicJson.JsonObject;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The renderers' one JSON writer writes, byte for byte, what the renderers' former Jackson pretty printer wrote (so
 * every golden file stays identical), for any tree of strings, numbers, booleans, objects and arrays.
 */
class DeterministicJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    /** One tree built twice, once per writer. */
    record Tree(JsonObject ours, ObjectNode jackson) {}

    @Property(tries = 300)
    void writesWhatJacksonsPrettyPrinterWrote(@ForAll("trees") Tree tree) throws Exception {
        assertThat(DeterministicJson.write(tree.ours()))
                .isEqualTo(MAPPER.writer(PRINTER).writeValueAsString(tree.jackson()) + "\n");
    }

    @Property(tries = 300)
    void quotesStringsAsJacksonDoes(@ForAll("text") String s) {
        assertThat(DeterministicJson.quote(s)).isEqualTo(new TextNode(s).toString());
    }

    @Test
    void emptyContainersAndNestingHaveAFixedShape() {
        JsonObject o = DeterministicJson.object();
        o.putObject("a");
        o.putArray("b");
        o.putArray("c").add("x").addObject().put("n", 3).put("t", true);
        o.put("a", "replaced, in place");

        assertThat(DeterministicJson.write(o)).isEqualTo("""
                {
                  "a": "replaced, in place",
                  "b": [ ],
                  "c": [
                    "x",
                    {
                      "n": 3,
                      "t": true
                    }
                  ]
                }
                """);
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange((char) 0, (char) 0x7f).withChars('é', '€', '\u2028', '😀')
                .ofMaxLength(12);
    }

    @Provide
    Arbitrary<Tree> trees() {
        return objects(3);
    }

    private Arbitrary<Tree> objects(int depth) {
        Arbitrary<List<Member>> members = member(depth).list().ofMaxSize(4);
        return members.map(ms -> {
            JsonObject ours = DeterministicJson.object();
            ObjectNode jackson = MAPPER.createObjectNode();
            for (Member m : ms) {
                m.applyTo(ours, jackson);
            }
            return new Tree(ours, jackson);
        });
    }

    /** A member put into both trees the same way. */
    interface Member {
        void applyTo(JsonObject ours, ObjectNode jackson);
    }

    private Arbitrary<Member> member(int depth) {
        Arbitrary<String> key = text();
        Arbitrary<Member> leaf = Arbitraries.oneOf(
                Combinators.combine(key, text()).as((k, v) -> (o, j) -> {
                    o.put(k, v);
                    j.put(k, v);
                }),
                Combinators.combine(key, Arbitraries.longs()).as((k, v) -> (o, j) -> {
                    o.put(k, v);
                    j.put(k, v);
                }),
                Combinators.combine(key, Arbitraries.of(true, false)).as((k, v) -> (o, j) -> {
                    o.put(k, v);
                    j.put(k, v);
                }),
                Combinators.combine(key, text().list().ofMaxSize(3)).as((k, vs) -> (o, j) -> {
                    JsonArray a = o.putArray(k);
                    ArrayNode b = j.putArray(k);
                    vs.forEach(v -> {
                        a.add(v);
                        b.add(v);
                    });
                }));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Member> nested = Combinators.combine(key, objects(depth - 1)).as((k, t) -> (o, j) -> {
            o.set(k, t.ours());
            j.set(k, t.jackson());
        });
        Arbitrary<Member> inArray = Combinators.combine(key, objects(depth - 1)).as((k, t) -> (o, j) -> {
            o.putArray(k).add(t.ours());
            j.putArray(k).add(t.jackson());
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaf), net.jqwik.api.Tuple.of(1, nested), net.jqwik.api.Tuple.of(1, inArray));
    }
}
