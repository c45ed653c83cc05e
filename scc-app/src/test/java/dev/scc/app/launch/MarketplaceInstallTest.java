package dev.scc.app.launch;

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
        MarketplaceInstall.Prepared prepared = MarketplaceInstall.apply(p, offline(), List.of());
        assertThat(prepared.plan()).isEqualTo(p);
        assertThat(prepared.files()).isEmpty();
    }

    @Test
    void anEnabledGitMarketplaceIsMaterialisedEvenWhenThatFailsClosed() {
        RenderPlan p = plan(market("tools", new MarketplaceSource.Github("acme", "tools", null, null, Map.of()),
                ItemState.ENABLED));
        assertThatThrownBy(() -> MarketplaceInstall.apply(p, offline(), List.of()))
                .isInstanceOf(MarketplaceSourceException.class)
                .hasMessageContaining("marketplace:tools (github acme/tools)")
                .hasMessageContaining("offline and not in the marketplace cache");
    }

    @Test
    void aNameThatIsNotOneSafeDirectoryNameIsRefused() {
        RenderPlan p = plan(market("../etc", new MarketplaceSource.Git("https://h/x.git", null, null),
                ItemState.ENABLED));
        assertThatThrownBy(() -> MarketplaceInstall.apply(p, offline(), List.of()))
                .isInstanceOf(MarketplaceSourceException.class).hasMessageContaining("cannot be a directory name");
    }

    @Test
    void sccsOwnCatalogNameIsReserved() {
        RenderPlan p = plan(market("scc-managed", new MarketplaceSource.Git("https://h/x.git", null, null),
                ItemState.ENABLED));
        assertThatThrownBy(() -> MarketplaceInstall.apply(p, offline(), List.of()))
                .isInstanceOf(MarketplaceSourceException.class).hasMessageContaining("SCC's own catalog");
    }

    @Test
    void aPluginTheMergeEnabledStaysInTheCatalogEvenIfAPatternWouldMatchIt() throws Exception {
        Path origin = cache.resolve("origin");
        java.nio.file.Files.createDirectories(origin.resolve(".claude-plugin"));
        java.nio.file.Files.writeString(origin.resolve(".claude-plugin/marketplace.json"),
                "{\"name\": \"tools\", \"plugins\": [{\"name\": \"evil-ok\"}, {\"name\": \"evil-no\"}, {}]}");
        git(origin, "init", "-q", "-b", "main");
        git(origin, "add", "-A");
        git(origin, "commit", "-q", "-m", "m");
        RenderPlan e = plan(market("tools", new MarketplaceSource.Git(origin.toUri().toString()
                .replaceFirst("^file:/+", "file:///"), null, null), ItemState.ENABLED));
        RenderPlan p = new RenderPlan(e.provider(), e.skills(), e.mcpServers(), e.nativeIntegrations(), e.bundles(),
                List.of(new RenderPlan.Plugin("plugin:evil-ok@tools", "evil-ok@tools", "evil-ok", "tools",
                        ItemState.ENABLED, "", "exception")), e.marketplaces(), e.safetyHook(), e.denyRules(),
                e.instructions(), e.trust(), e.skipped());
        MarketplaceInstall.Prepared prepared = MarketplaceInstall.apply(p, new MarketplaceMaterializer(cache.resolve("c"),
                false, MarketplaceMaterializer.DEFAULT_LIMITS, System.getenv(), Clock.systemUTC()), List.of("evil-*"));
        String catalog = prepared.files().stream()
                .filter(f -> f.path().equals("opt/scc/marketplaces/tools/.claude-plugin/marketplace.json"))
                .findFirst().orElseThrow().text();
        assertThat(catalog).contains("\"evil-ok\"").doesNotContain("evil-no").contains("{ }");
        assertThat(prepared.plan().marketplaces().get(0).source())
                .contains(new MarketplaceSource.Directory("/opt/scc/marketplaces/tools"));
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "user.email=t@example.invalid", "-c",
                "user.name=t"));
        cmd.addAll(List.of(args));
        Process pr = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String o = new String(pr.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(pr.waitFor()).as(o).isZero();
    }
}
