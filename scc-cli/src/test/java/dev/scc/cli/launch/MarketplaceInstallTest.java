package dev.scc.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.model.MarketplaceSource;
import dev.scc.core.plan.ItemState;
import dev.scc.core.plan.RenderPlan;
import dev.scc.policy.source.marketplace.MarketplaceMaterializer;
import dev.scc.policy.source.marketplace.MarketplaceSourceException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which plan marketplaces are materialised and rewritten; the happy path is in GovernedMarketplacesTest. */
class MarketplaceInstallTest {
    @TempDir Path cache;

    /** Offline with an empty cache: any attempt to materialise fails, so "left alone" is observable. */
    private MarketplaceMaterializer offline() {
        return new MarketplaceMaterializer(cache, true, MarketplaceMaterializer.DEFAULT_LIMITS, Map.of(),
                Clock.systemUTC());
    }

    private static RenderPlan plan(RenderPlan.Marketplace... ms) {
        RenderPlan e = RenderPlan.empty("claude");
        return new RenderPlan(e.provider(), e.skills(), e.mcpServers(), e.nativeIntegrations(), e.bundles(),
                e.plugins(), List.of(ms), e.safetyHook(), e.denyRules(), e.instructions(), e.trust(), e.skipped());
    }

    private static RenderPlan.Marketplace market(String name, MarketplaceSource src, ItemState state) {
        return new RenderPlan.Marketplace("marketplace:" + name, name, Optional.of(src), state, "");
    }

    @Test
    void blockedUrlAndDirectoryMarketplacesAreLeftAsTheyAre() {
        RenderPlan p = plan(market("blocked", new MarketplaceSource.Git("https://h/x.git", null, null), ItemState.BLOCKED),
                market("remote", new MarketplaceSource.Url("https://h/m.json", Map.of(), null), ItemState.ENABLED),
                market("baked", new MarketplaceSource.Directory("/opt/baked"), ItemState.ENABLED));
        MarketplaceInstall.Prepared prepared = MarketplaceInstall.apply(p, offline());
        assertThat(prepared.plan()).isEqualTo(p);
        assertThat(prepared.files()).isEmpty();
    }

    @Test
    void anEnabledGitMarketplaceIsMaterialisedEvenWhenThatFailsClosed() {
        RenderPlan p = plan(market("tools", new MarketplaceSource.Github("acme", "tools", null, null, Map.of()),
                ItemState.ENABLED));
        assertThatThrownBy(() -> MarketplaceInstall.apply(p, offline()))
                .isInstanceOf(MarketplaceSourceException.class)
                .hasMessageContaining("marketplace:tools (github acme/tools)")
                .hasMessageContaining("offline and not in the marketplace cache");
    }

    @Test
    void aNameThatIsNotOneSafeDirectoryNameIsRefused() {
        RenderPlan p = plan(market("../etc", new MarketplaceSource.Git("https://h/x.git", null, null),
                ItemState.ENABLED));
        assertThatThrownBy(() -> MarketplaceInstall.apply(p, offline()))
                .isInstanceOf(MarketplaceSourceException.class).hasMessageContaining("cannot be a directory name");
    }
}
