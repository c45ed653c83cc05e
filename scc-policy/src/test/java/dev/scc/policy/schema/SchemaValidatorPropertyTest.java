package dev.scc.policy.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.policy.Problem;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.assertj.core.api.Assertions;

class SchemaValidatorPropertyTest {
    private static final SchemaValidator VALIDATOR = new SchemaValidator();
    private static final List<String> KEYS = List.of("schema_version", "organization", "name", "id", "profiles", "t", "security",
            "defaults", "delegation", "teams", "projects", "additional_mcp_servers", "additional_plugins", "enabled_plugins",
            "marketplaces", "source", "owner", "repo", "url", "type", "command", "governed_artifacts", "artifacts", "bundles",
            "members", "bindings", "exceptions", "expires_at", "allow", "destination_sets", "hosts", "safety_net", "block_x",
            "enabled_bundles", "extra_marketplaces", "default_profile", "config_source", "trust", "$schema", "weird key");

    @Property(tries = 500)
    void anyTreeGivesSortedProblemsAndNeverThrows(@ForAll("trees") JsonNode doc, @ForAll boolean team) {
        List<Problem> problems = VALIDATOR.validate(team ? DocumentKind.TEAM : DocumentKind.ORG, "x.json", doc);
        Assertions.assertThat(problems).isSortedAccordingTo(Problem.ORDER);
        Assertions.assertThat(problems).allSatisfy(p -> Assertions.assertThat(p.jsonPath()).startsWith("$"));
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        return node(4);
    }

    private Arbitrary<JsonNode> node(int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.of("1.0.0", "", "a@b", "x@@", "stdio", "http", "github", "2030-01-01T00:00:00Z", "a", "t", "*")
                        .map(s -> (JsonNode) f.textNode(s)),
                Arbitraries.integers().between(-5, 100000).map(i -> (JsonNode) f.numberNode(i)),
                Arbitraries.of(true, false).map(b -> (JsonNode) f.booleanNode(b)),
                Arbitraries.just(f.nullNode()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> obj = Arbitraries.maps(Arbitraries.of(KEYS), Arbitraries.lazy(() -> node(depth - 1))).ofMaxSize(5)
                .map(m -> {
                    ObjectNode o = f.objectNode();
                    m.forEach(o::set);
                    return o;
                });
        Arbitrary<JsonNode> arr = Arbitraries.lazy(() -> node(depth - 1)).list().ofMaxSize(3).map(l -> {
            ArrayNode a = f.arrayNode();
            l.forEach(a::add);
            return a;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, leaf), net.jqwik.api.Tuple.of(5, obj), net.jqwik.api.Tuple.of(2, arr));
    }
}
