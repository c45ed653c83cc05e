package dev.scc.policy.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.core.spi.AgentProviderRegistry;
import dev.scc.render.claude.ClaudeProvider;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.policy.PolicyDocumentException;
import dev.scc.policy.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaValidatorTest {
    private static final Path REFERENCE = Path.of("src/test/resources/schema/reference");
    private static final SchemaValidator VALIDATOR = new SchemaValidator();
    private static final DocumentReader READER = new DocumentReader();
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> referenceExamples() throws IOException {
        return Files.list(REFERENCE).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("referenceExamples")
    void everyReferenceExampleValidatesUnchanged(Path file) {
        DocumentKind kind = file.getFileName().toString().contains("team-config") ? DocumentKind.TEAM : DocumentKind.ORG;
        assertThat(VALIDATOR.validate(kind, file.toString(), READER.read(file))).isEmpty();
    }

    @Test
    void referenceFixtureSetIsComplete() throws IOException {
        try (Stream<Path> files = referenceExamples()) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).hasSize(17);
            assertThat(names.stream().filter(n -> n.contains("team-config"))).hasSize(5);
        }
    }

    @Test
    void theOrgSchemaAcceptsTheInstalledProvidersAndItsErrorListsThem() throws IOException {
        SchemaValidator onlyClaude = new SchemaValidator(new AgentProviderRegistry(List.of(new ClaudeProvider())));
        com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree("{\"schema_version\": \"1.0.0\", \"organization\": {\"name\": \"Acme\", \"id\": \"acme\"}}");
        doc.set("defaults", JSON.readTree("{\"allowed_providers\": [\"claude\"]}"));
        assertThat(onlyClaude.validate(DocumentKind.ORG, "org.json", doc)).isEmpty();

        doc.set("defaults", JSON.readTree("{\"allowed_providers\": [\"codex\"]}"));
        List<Problem> problems = onlyClaude.validate(DocumentKind.ORG, "org.json", doc);
        assertThat(problems).extracting(Problem::jsonPath).containsExactly("$.defaults.allowed_providers[0]");
        assertThat(problems.get(0).expected()).isEqualTo("one of: claude");
        // With both installed (this module's test class path), the same document is valid.
        assertThat(VALIDATOR.validate(DocumentKind.ORG, "org.json", doc)).isEmpty();
    }

    @Test
    void thePrintedSchemaListsTheInstalledProvidersAndTheirModelApis() {
        String text = SchemaValidator.schemaText(DocumentKind.ORG);
        assertThat(text).contains("\"Provider\": {\"enum\": [\"claude\", \"codex\"]")
                .contains("\"enum\": [\"anthropic\", \"openai\"]").doesNotContain("scc:installed");
        String none = SchemaValidator.schemaText(DocumentKind.USER, new AgentProviderRegistry(List.of()));
        assertThat(none).doesNotContain("scc:installed").containsPattern("\"enum\": \\[\\s*\"ask\",\\s*null");
    }

    @Test
    void reportsEveryProblemSortedByPathWithExpectations() {
        Path file = Path.of("src/test/resources/schema/invalid/many-problems.yaml");
        List<Problem> problems = VALIDATOR.validate(DocumentKind.ORG, "many-problems.yaml", READER.read(file));

        assertThat(problems).extracting(Problem::jsonPath).containsExactly(
                "$.defaults.allowed_providers[1]",
                "$.defaults.cache_ttl_hours",
                "$.defaults.network_policy",
                "$.governed_artifacts.bundles['empty-bundle']",
                "$.organization.id",
                "$.organization.name",
                "$.profiles['team-a'].additional_mcp_servers[0]",
                "$.profiles['team-a'].additional_mcp_servers[1].name",
                "$.profiles['team-a'].additional_mcp_servers[2].type",
                "$.profiles['team-a'].additional_mcp_servers[2].url",
                "$.profiles['team-a'].additional_plugins[0]",
                "$.profiles['team-a'].additional_plugins[1]",
                "$.profiles['team-a'].config_source",
                "$.profiles['team-a'].config_source.owner",
                "$.profiles['team-a'].plugin",
                "$.schema_version",
                "$.secuirty",
                "$.security.allow_stdio_mcp",
                "$.security.safety_net.action",
                "$.security.safety_net.rules");
        assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo("many-problems.yaml"));
        assertThat(find(problems, "$.defaults.network_policy").expected())
                .isEqualTo("one of: open, web-egress-enforced, locked-down-web");
        assertThat(find(problems, "$.secuirty").message()).isEqualTo("unknown key 'secuirty'");
        assertThat(find(problems, "$.secuirty").expected()).contains("security", "destination_sets", "exceptions");
        assertThat(find(problems, "$.profiles['team-a'].additional_mcp_servers[0]").message()).contains("'url'");
        assertThat(find(problems, "$.governed_artifacts.bundles['empty-bundle']").message()).contains("'artifacts'");
        assertThat(find(problems, "$.security.allow_stdio_mcp").expected()).contains("boolean");
    }

    @Test
    void stdioServerWithRelativeCommandIsNotADocumentError() throws IOException {
        ObjectNode doc = minimalOrg();
        doc.set("profiles", JSON.readTree("""
                {"t": {"additional_mcp_servers": [{"name": "x", "type": "stdio", "command": "relative/tool"}]}}"""));
        assertThat(VALIDATOR.validate(DocumentKind.ORG, "o.json", doc)).isEmpty();
    }

    @Test
    void allowlistMissesAreNotDocumentErrors() throws IOException {
        // The reference's fetch gate rejected 02 for this; here it is a merge decision (denied).
        ObjectNode doc = minimalOrg();
        doc.set("defaults", JSON.readTree("{\"allowed_plugins\": []}"));
        doc.set("profiles", JSON.readTree("{\"t\": {\"additional_plugins\": [\"anything\"]}}"));
        assertThat(VALIDATOR.validate(DocumentKind.ORG, "o.json", doc)).isEmpty();
    }

    @Test
    void organizationAcceptsExtraKeysButDefaultProfileMustExist() throws IOException {
        ObjectNode doc = minimalOrg();
        doc.set("organization", JSON.readTree("{\"name\": \"A\", \"id\": \"a\", \"website\": \"x\", \"default_profile\": \"nope\"}"));
        doc.set("profiles", JSON.readTree("{\"dev\": {}}"));
        List<Problem> problems = VALIDATOR.validate(DocumentKind.ORG, "o.json", doc);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.jsonPath()).isEqualTo("$.organization.default_profile");
            assertThat(p.expected()).contains("dev");
        });
    }

    @Test
    void acceptsEveryExtensionKey() throws IOException {
        JsonNode doc = READER.read(Path.of("src/test/resources/schema/valid/extensions.yaml"));
        assertThat(VALIDATOR.validate(DocumentKind.ORG, "extensions.yaml", doc)).isEmpty();
    }

    @Test
    void checksReferencesToDestinationSetsBundlesArtifactsAndExceptions() {
        JsonNode doc = READER.read(Path.of("src/test/resources/schema/invalid/bad-references.yaml"));
        List<Problem> problems = VALIDATOR.validate(DocumentKind.ORG, "bad-references.yaml", doc);
        assertThat(problems).extracting(Problem::jsonPath).containsExactly(
                "$.defaults.destination_sets[0]",
                "$.defaults.extra_marketplaces[0]",
                "$.exceptions[1].expires_at",
                "$.exceptions[1].id",
                "$.exceptions[2].expires_at",
                "$.governed_artifacts.bundles.b.members[1]",
                "$.profiles.t.additional_plugins[0]",
                "$.profiles.t.destination_sets[0]",
                "$.profiles.t.enabled_bundles[1]");
        assertThat(find(problems, "$.profiles.t.additional_plugins[0]").message()).contains("2 marketplaces");
        assertThat(find(problems, "$.exceptions[2].expires_at").expected()).startsWith("an RFC 3339 date-time");
    }

    @Test
    void rejectsPolicyExceptionWithoutReasonOrWithUnknownAllowKey() throws IOException {
        ObjectNode doc = minimalOrg();
        doc.set("exceptions", JSON.readTree("""
                [{"id": "e1", "reason": "", "allow": {"plugins": ["x"], "settings": ["y"]}, "expires_at": "2030-01-01T00:00:00Z"}]"""));
        assertThat(VALIDATOR.validate(DocumentKind.ORG, "o.json", doc)).extracting(Problem::jsonPath)
                .containsExactly("$.exceptions[0].allow.settings", "$.exceptions[0].reason");
    }

    @Test
    void teamConfigAcceptsSchemaKeyAndRejectsUnknownKeys() throws IOException {
        JsonNode ok = JSON.readTree("{\"$schema\": \"x\", \"schema_version\": \"1.0.0\", \"enabled_plugins\": [\"a@b\"]}");
        assertThat(VALIDATOR.validate(DocumentKind.TEAM, "t.json", ok)).isEmpty();
        JsonNode bad = JSON.readTree("{\"schema_version\": \"1.0.0\", \"additional_plugins\": [], \"enabled_plugins\": [\"a@\"]}");
        assertThat(VALIDATOR.validate(DocumentKind.TEAM, "t.json", bad)).extracting(Problem::jsonPath)
                .containsExactly("$.additional_plugins", "$.enabled_plugins[0]");
    }

    @Test
    void pluginReferencesFollowTheReferenceNormaliserRules() throws IOException {
        ObjectNode doc = minimalOrg();
        doc.set("defaults", JSON.readTree("""
                {"enabled_plugins": ["a@b", "@mp/name", "bare", "a@b@c", "x@@y", "@mp", "@", "  "]}"""));
        assertThat(VALIDATOR.validate(DocumentKind.ORG, "o.json", doc)).extracting(Problem::jsonPath).containsExactly(
                "$.defaults.enabled_plugins[4]", "$.defaults.enabled_plugins[5]", "$.defaults.enabled_plugins[6]",
                "$.defaults.enabled_plugins[7]");
    }

    @Test
    void destinationHostsAreNamesOrWildcardsNotIpsPortsOrUrls() throws IOException {
        ObjectNode doc = minimalOrg();
        doc.set("destination_sets", JSON.readTree("""
                {"s": {"hosts": ["api.github.com", "*.example.org", "localhost", "10.0.0.1", "h:443", "https://x.org", "*"]}}"""));
        List<Problem> problems = VALIDATOR.validate(DocumentKind.ORG, "o.json", doc);
        assertThat(problems).extracting(Problem::jsonPath).containsExactly(
                "$.destination_sets.s.hosts[3]", "$.destination_sets.s.hosts[4]", "$.destination_sets.s.hosts[5]", "$.destination_sets.s.hosts[6]");
        assertThat(problems.get(0).expected()).contains("host name");
    }

    @Test
    void nonObjectDocumentIsOneTypeProblem() {
        List<Problem> problems = VALIDATOR.validate(DocumentKind.ORG, "o.json", JSON.getNodeFactory().arrayNode());
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.jsonPath()).isEqualTo("$");
            assertThat(p.expected()).isEqualTo("an object");
        });
    }

    @Test
    void requireValidThrowsWithAllProblems() {
        JsonNode doc = READER.read(Path.of("src/test/resources/schema/invalid/many-problems.yaml"));
        assertThatThrownBy(() -> VALIDATOR.requireValid(DocumentKind.ORG, "m.yaml", doc))
                .isInstanceOfSatisfying(PolicyDocumentException.class, e -> {
                    assertThat(e.problems()).hasSize(20);
                    assertThat(e.file()).isEqualTo("m.yaml");
                    assertThat(e.getMessage()).startsWith("20 problems in m.yaml");
                });
    }

    @Test
    void schemaTextIsTheShippedSchema() throws IOException {
        assertThat(JSON.readTree(SchemaValidator.schemaText(DocumentKind.ORG)).path("title").asText()).contains("org-v1");
        assertThat(JSON.readTree(SchemaValidator.schemaText(DocumentKind.TEAM)).path("title").asText()).contains("team-config.v1");
    }

    private static ObjectNode minimalOrg() throws IOException {
        return (ObjectNode) JSON.readTree("{\"schema_version\": \"1.0.0\", \"organization\": {\"name\": \"A\", \"id\": \"a\"}}");
    }

    private static Problem find(List<Problem> problems, String path) {
        return problems.stream().filter(p -> p.jsonPath().equals(path)).findFirst().orElseThrow();
    }
}
