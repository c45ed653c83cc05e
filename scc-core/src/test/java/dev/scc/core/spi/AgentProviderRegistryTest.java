package dev.scc.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentProviderRegistryTest {

    static class Fake implements AgentProvider {
        private final String id;
        private final int level;

        Fake(String id) {
            this(id, SPI_LEVEL);
        }

        Fake(String id, int level) {
            this.id = id;
            this.level = level;
        }

        @Override
        public int spiLevel() {
            return level;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String displayName() {
            return "Fake " + id;
        }

        @Override
        public String coreDestinationSet() {
            return id + "-core";
        }

        @Override
        public List<String> coreHosts() {
            return List.of("api." + id + ".example");
        }

        @Override
        public List<String> credentialEnv() {
            return List.of(id.toUpperCase() + "_KEY");
        }

        @Override
        public String stateDirEnv() {
            return id.toUpperCase() + "_HOME";
        }

        @Override
        public Map<String, String> modelEndpointEnv(String url) {
            return Map.of("BASE_URL", url);
        }

        @Override
        public List<String> agentCommand(boolean resume) {
            return resume ? List.of(id, "--resume") : List.of(id);
        }

        @Override
        public HookFormat hookFormat() {
            return new HookFormat(id, List.of("shell"));
        }

        @Override
        public ImageRecipe image() {
            return new ImageRecipe("scc-agent-" + id, "x/" + id, List.of("Dockerfile"));
        }

        @Override
        public ProviderRenderer renderer() {
            throw new UnsupportedOperationException();
        }
    }

    static final class Ranked extends Fake {
        private final int rank;

        Ranked(String id, int rank) {
            super(id);
            this.rank = rank;
        }

        @Override
        public int defaultRank() {
            return rank;
        }
    }

    static final class OtherFake extends Fake {
        OtherFake(String id) {
            super(id);
        }
    }

    @Test
    void findsProvidersByIdAndListsThemSorted() {
        AgentProviderRegistry r = new AgentProviderRegistry(List.of(new Fake("zeta"), new Fake("alpha")));
        assertThat(r.ids()).containsExactly("alpha", "zeta");
        assertThat(r.get("zeta").displayName()).isEqualTo("Fake zeta");
        assertThat(r.all()).extracting(AgentProvider::id).containsExactly("alpha", "zeta");
        assertThat(r.find("beta")).isEmpty();
    }

    @Test
    void unknownIdFailsNamingTheIdAndTheInstalledIds() {
        AgentProviderRegistry r = new AgentProviderRegistry(List.of(new Fake("zeta"), new Fake("alpha")));
        assertThatThrownBy(() -> r.get("gamma"))
                .isInstanceOf(AgentProviderException.class)
                .hasMessageContaining("unknown provider 'gamma'")
                .hasMessageContaining("alpha, zeta");
    }

    @Test
    void anEmptyRegistrySaysNothingIsInstalled() {
        assertThatThrownBy(() -> new AgentProviderRegistry(List.of()).get("alpha"))
                .hasMessageContaining("(none installed)");
    }

    @Test
    void duplicateIdsAreRefusedNamingBothClasses() {
        assertThatThrownBy(() -> new AgentProviderRegistry(List.of(new Fake("alpha"), new OtherFake("alpha"))))
                .isInstanceOf(AgentProviderException.class)
                .hasMessageContaining("two providers claim the id 'alpha'")
                .hasMessageContaining(Fake.class.getName())
                .hasMessageContaining(OtherFake.class.getName());
    }

    @Test
    void aProviderBuiltForAnotherSpiLevelIsRefused() {
        assertThatThrownBy(() -> new AgentProviderRegistry(List.of(new Fake("alpha", AgentProvider.SPI_LEVEL + 1))))
                .isInstanceOf(AgentProviderException.class)
                .hasMessageContaining("SPI level " + (AgentProvider.SPI_LEVEL + 1))
                .hasMessageContaining(Fake.class.getName());
    }

    @Test
    void theDefaultIsTheHighestRankedAllowedProviderAndATieAsksTheUser() {
        AgentProviderRegistry r = new AgentProviderRegistry(List.of(new Ranked("a", 2), new Ranked("b", 1),
                new Ranked("c", 2), new Fake("d")));
        assertThat(r.defaultAmong(List.of("a", "b", "d"))).map(AgentProvider::id).contains("a");
        assertThat(r.defaultAmong(List.of("b", "d"))).map(AgentProvider::id).contains("b");
        assertThat(r.defaultAmong(List.of("a", "c"))).isEmpty();
        assertThat(r.defaultAmong(List.of("d", "unknown"))).isEmpty();
    }

    @Test
    void coreInstallsNoProviderOfItsOwn() {
        // Providers ship in their own modules; scc-core's class path has none.
        assertThat(AgentProviderRegistry.load().ids()).isEmpty();
    }

    @Test
    void anImageRecipeWithoutADockerfileIsRefused() {
        assertThatThrownBy(() -> new AgentProvider.ImageRecipe("scc-agent-x", "x", List.of("run.sh")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no Dockerfile");
    }
}
