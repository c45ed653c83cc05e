package dev.scc.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.MergeInput;
import dev.scc.core.spi.AgentProviderRegistry;
import dev.scc.core.merge.TrustMerge;
import dev.scc.core.model.TeamConfig;
import dev.scc.core.model.TeamProfile;
import dev.scc.policy.explain.ExplainJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every org config written for the Python SCC (copied with their notice into src/test/resources/reference-org-configs) loads unchanged and explains for every team. */
class ReferenceExamplesTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    /** Which shipped team config stands in for each federated team's remote source. */
    private static final Map<String, String> TEAM_CONFIGS = Map.of(
            "10-example-org-federated.json/backend", "10-example-org-backend-team-config.json",
            "10-example-org-federated.json/frontend", "10-example-org-frontend-team-config.json",
            "10-example-org-federated.json/ml", "10-example-org-ml-team-config.json",
            "08-sundsvall-kommun-org.json/ai-team", "08-sundsvall-ai-team-config.json");

    /** The copies in {@code src/test/resources/reference-org-configs} (with their notice); missing is a failure. */
    static Path examples() {
        java.net.URL dir = ReferenceExamplesTest.class.getResource("/reference-org-configs/01-quickstart-minimal.json");
        if (dir == null) {
            throw new IllegalStateException("test fixture reference-org-configs/ is missing from src/test/resources");
        }
        try {
            return Path.of(dir.toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Path> orgFiles() throws IOException {
        try (Stream<Path> files = Files.list(examples())) {
            return files.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().contains("team-config")).sorted().toList().stream();
        }
    }

    static Stream<Path> teamFiles() throws IOException {
        try (Stream<Path> files = Files.list(examples())) {
            return files.filter(p -> p.toString().endsWith(".json") && p.getFileName().toString().contains("team-config")).sorted().toList().stream();
        }
    }

    @Test
    void theSeventeenReferenceFilesAreAllThere() throws IOException {
        assertThat(orgFiles().count()).isEqualTo(12);
        assertThat(teamFiles().count()).isEqualTo(5);
    }

    @ParameterizedTest
    @MethodSource("teamFiles")
    void everyReferenceTeamConfigLoads(Path file) {
        TeamConfig tc = PolicyLoader.standard().loadTeamConfig(file);
        assertThat(tc.schemaVersion()).isEqualTo("1.0.0");
    }

    @ParameterizedTest
    @MethodSource("orgFiles")
    void everyReferenceOrgLoadsAndExplainsForEveryTeam(Path file) {
        PolicyLoader loader = PolicyLoader.standard();
        PolicyLoader.OrgDocument org = loader.loadOrg(file);
        assertThat(org.fingerprint()).startsWith("sha256:");
        for (TeamProfile team : org.config().profiles().values()) {
            MergeInput in = MergeInput.of(org.config(), team.name(), NOW).withProvider(AgentProviderRegistry.load().get("claude"));
            if (team.federated()) {
                String stand = TEAM_CONFIGS.getOrDefault(file.getFileName() + "/" + team.name(), "team-config-example.json");
                in = in.withTeamConfig(loader.loadTeamConfig(examples().resolve(stand)));
            }
            EffectiveConfig e = new TrustMerge().merge(in);
            assertThat(e.team()).isEqualTo(team.name());
            String json = ExplainJson.data(e).toString();
            assertThat(json).contains("\"team\":\"" + team.name() + "\"");
            assertThat(ExplainJson.data(new TrustMerge().merge(in)).toString()).as("byte-identical").isEqualTo(json);
        }
    }

    @Test
    void strictSecurityExampleBlocksWhatItSaysItBlocks() {
        PolicyLoader.OrgDocument org = PolicyLoader.standard().loadOrg(examples().resolve("03-org-strict-security.json"));
        List<String> teams = List.copyOf(org.config().profiles().keySet());
        boolean anyReport = false;
        for (String t : teams) {
            EffectiveConfig e = new TrustMerge().merge(MergeInput.of(org.config(), t, NOW));
            anyReport |= !e.blockedItems().isEmpty() || !e.deniedAdditions().isEmpty();
            for (String ref : e.pluginRefs()) {
                assertThat(org.config().security().blockedPlugins())
                        .noneMatch(p -> dev.scc.core.merge.PluginRef.matches(ref, p));
            }
        }
        assertThat(anyReport).as("the strict example refuses something, with a reason").isTrue();
    }
}
