package dev.scc.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Bad input never escapes as anything but a {@link PolicyDocumentException} naming the file: mutated org
 * documents (the schema, invariants and mapping all see them) and garbage project files.
 */
class LoaderGarbagePropertiesTest {
    private static final String ORG = """
            schema_version: "1.0.0"
            organization: {name: Acme, id: acme}
            security: {blocked_plugins: ["evil-*"], allow_stdio_mcp: true, allowed_stdio_prefixes: [/opt]}
            defaults: {enabled_plugins: [a@m], allowed_plugins: ["*"], network_policy: open, session: {timeout_hours: 4}}
            delegation: {teams: {allow_additional_plugins: ["*"]}, projects: {inherit_team_delegation: true}}
            profiles:
              t: {additional_plugins: [b@m], additional_mcp_servers: [{name: s, type: stdio, command: /opt/s}]}
            """;
    private final PolicyLoader loader = PolicyLoader.standard();

    @Property(tries = 400)
    void mutatedOrgDocumentsFailOnlyWithADocumentError(@ForAll("mutations") String text) {
        try {
            loader.parseOrg("org.yaml", text.getBytes(StandardCharsets.UTF_8));
        } catch (PolicyDocumentException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.file()).isEqualTo("org.yaml"));
        }
    }

    @Property(tries = 200)
    void garbageProjectFilesFailOnlyWithADocumentError(@ForAll("projectTexts") String text) throws IOException {
        Path f = Files.createTempFile("scc-project", ".scc.yaml");
        try {
            Files.writeString(f, text);
            loader.loadProject(f);
        } catch (PolicyDocumentException e) {
            assertThat(e.getMessage()).contains(f.toString());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, ORG.length() - 1);
        Arbitrary<String> insert = Arbitraries.of("", "{", "}", "[", ":", "\n  ", "- ", "\"", "null", "true", "-1",
                "99999999999999999999", "&a", "*a", "!!binary", "\t", "x: [", "'");
        return Combinators.combine(at, at, insert).as((from, len, ins) -> {
            int end = Math.min(ORG.length(), from + len % 12);
            return ORG.substring(0, from) + ins + ORG.substring(end);
        });
    }

    @Provide
    Arbitrary<String> projectTexts() {
        Arbitrary<String> value = Arbitraries.of("[]", "{}", "null", "42", "\"s\"", "[1, 2]", "[{name: x}]",
                "{commands: {t: {argv: []}}}", "{commands: 3}", "wide-open", "[evil@m]", "{timeout_hours: x}");
        Arbitrary<String> key = Arbitraries.of("additional_plugins", "additional_mcp_servers", "dev_environment",
                "network_policy", "session", "destination_sets", "unknown");
        Arbitrary<String> line = Combinators.combine(key, value).as((k, v) -> k + ": " + v);
        return Arbitraries.oneOf(line.list().ofMaxSize(5).map(l -> String.join("\n", l)),
                Arbitraries.strings().ofMaxLength(60), Arbitraries.of(List.of("- a\n- b", "::", "{", "[", "")));
    }
}
