package dev.scc.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Rules in org, team and project documents: schema, load-time checks, errors naming file, key path and rule id. */
class RuleDocumentsTest {
    private final PolicyLoader loader = PolicyLoader.standard();

    private static byte[] org(String rulesYaml) {
        return ("schema_version: '1.0.0'\norganization: {name: Acme, id: acme}\n" + rulesYaml).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theOrgsRulesLoadWithTheFileAsOrigin() {
        var doc = loader.parseOrg("org.yaml", org("rules:\n  - id: deny-infra-destroy\n    match:\n      command: [\"terraform destroy\"]\n"
                + "    decision: deny\n    tests:\n      match: [\"terraform -chdir=infra destroy\"]\n      not_match: [\"terraform plan\"]\n"));
        assertThat(doc.config().rules()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("deny-infra-destroy");
            assertThat(r.origin().file()).isEqualTo("org.yaml");
        });
    }

    @Test
    void aMalformedRuleIsASchemaErrorAtItsPath() {
        assertThatThrownBy(() -> loader.parseOrg("org.yaml", org("rules:\n  - id: x\n    match: {shell: [ls]}\n    decision: deny\n")))
                .isInstanceOf(PolicyDocumentException.class).hasMessageContaining("org.yaml").hasMessageContaining("rules[0]");
        assertThatThrownBy(() -> loader.parseOrg("org.yaml", org("rules:\n  - id: x\n    match: {command: [ls]}\n    decision: block\n")))
                .isInstanceOf(PolicyDocumentException.class).hasMessageContaining("decision");
    }

    @Test
    void aRuleWhoseExamplesFailNamesFileKeyPathAndRule() {
        assertThatThrownBy(() -> loader.parseOrg("org.yaml", org("rules:\n  - id: no-destroy\n    match: {command: [\"terraform destroy\"]}\n"
                + "    decision: deny\n    tests: {not_match: [\"cd infra && terraform destroy\"]}\n")))
                .isInstanceOf(PolicyDocumentException.class)
                .satisfies(e -> assertThat(((PolicyDocumentException) e).problems()).singleElement().satisfies(p -> {
                    assertThat(p.file()).isEqualTo("org.yaml");
                    assertThat(p.jsonPath()).isEqualTo("$.rules[0].tests");
                    assertThat(p.message()).startsWith("rule no-destroy: ").contains("matches the rule");
                }));
    }

    @Test
    void aPatternThatCanNeverMatchIsRefused() {
        assertThatThrownBy(() -> loader.parseOrg("org.yaml", org("rules:\n  - id: secrets\n    match: {file.read: [\".env\"]}\n"
                + "    decision: deny\n"))).isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("$.rules[0].match.file.read[0]").hasMessageContaining("can never match");
    }

    @Test
    void teamConfigsAndProjectsCarryRulesToo() throws Exception {
        var team = loader.parseTeamConfig("team.yaml", ("schema_version: '1.0.0'\nrules:\n  - id: t1\n    match: {mcp.call: [\"github/delete_*\"]}\n"
                + "    decision: require_approval\n").getBytes(StandardCharsets.UTF_8));
        assertThat(team.rules()).extracting(r -> r.origin().file()).containsExactly("team.yaml");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("proj");
        java.nio.file.Path f = dir.resolve(".scc.yaml");
        java.nio.file.Files.writeString(f, "rules:\n  - id: p1\n    match: {file.write: [\"/workspace/migrations/**\"]}\n    decision: deny\n");
        assertThat(loader.requireProject(f).rules()).extracting(r -> r.id()).containsExactly("p1");
        java.nio.file.Files.writeString(f, "rules:\n  - id: p1\n    match: {command: [\"/bin/rm\"]}\n    decision: deny\n");
        assertThatThrownBy(() -> loader.requireProject(f)).isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("$.rules[0].match.command[0]");
    }
}
