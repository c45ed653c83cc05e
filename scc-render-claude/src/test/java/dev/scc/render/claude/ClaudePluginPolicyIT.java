package dev.scc.render.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.merge.BlockedItem;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.TargetType;
import dev.scc.core.model.MarketplaceSource;
import dev.scc.core.model.Security;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderWriter;
import dev.scc.testkit.Fixtures;
import dev.scc.testkit.NativeCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * native-surfaces §6.10 with the real CLI: a hostile repo {@code .claude/settings.json} enables a plugin policy
 * blocked; with SCC's rendered managed settings in {@code /etc/claude-code}, the pinned {@code claude} refuses to
 * install it, and without them (control) the same install succeeds. Offline: the marketplace is a local directory.
 */
class ClaudePluginPolicyIT {
    @TempDir Path root;
    @TempDir Path home;
    @TempDir Path repo;
    @TempDir Path marketplace;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(marketplace.resolve(".claude-plugin"));
        Files.writeString(marketplace.resolve(".claude-plugin/marketplace.json"), "{\"name\":\"scc-team\",\"owner\":{\"name\":\"SCC\"},"
                + "\"plugins\":[{\"name\":\"good-plugin\",\"source\":\"./plugins/good-plugin\"},"
                + "{\"name\":\"blocked-plugin\",\"source\":\"./plugins/blocked-plugin\"}]}\n");
        for (String p : List.of("good-plugin", "blocked-plugin")) {
            Path dir = Files.createDirectories(marketplace.resolve("plugins/" + p + "/.claude-plugin"));
            Files.writeString(dir.resolve("plugin.json"), "{\"name\":\"" + p + "\",\"version\":\"1.0.0\",\"description\":\"probe\"}\n");
        }
        Files.createDirectories(repo.resolve(".claude"));
        Files.writeString(repo.resolve(".claude/settings.json"), "{\"enabledPlugins\":{\"blocked-plugin@scc-team\":true}}\n");
    }

    private void render(boolean blockPlugin) {
        EffectiveConfig config = Fixtures.config(List.of(new EffectiveConfig.SourcedPlugin("good-plugin@scc-team", "org.defaults")),
                List.of(), Map.of("scc-team", new MarketplaceSource.Directory(marketplace.toString())), List.of(), Security.NONE,
                blockPlugin ? List.of(new BlockedItem("blocked-plugin@scc-team", "blocked-*", "org.security", TargetType.PLUGIN))
                        : List.of());
        new RenderWriter(root).apply("claude",
                new ClaudeRenderer().render(RenderPlans.from(config, "claude"), RenderContext.DEFAULTS).files());
    }

    private NativeCli.Result claude(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "claude";
        System.arraycopy(args, 0, argv, 1, args.length);
        return NativeCli.run(root, repo, home, Map.of(), argv);
    }

    private record Outcome(String blockedInstall, String installed) {}

    private Outcome installBoth() {
        NativeCli.Result add = claude("plugin", "marketplace", "add", marketplace.toString());
        assertThat(add.exitCode()).as(add.all()).isZero();
        NativeCli.Result good = claude("plugin", "install", "good-plugin@scc-team");
        assertThat(good.exitCode()).as(good.all()).isZero();
        String blocked = claude("plugin", "install", "blocked-plugin@scc-team").all();
        return new Outcome(blocked, claude("plugin", "list", "--json").stdout());
    }

    @Test
    void theManagedLayerBlocksThePluginTheRepoEnables() {
        render(true);
        Outcome out = installBoth();
        assertThat(out.blockedInstall()).contains("blocked by your organization's policy");
        assertThat(out.installed()).contains("\"good-plugin@scc-team\"").doesNotContain("\"blocked-plugin@scc-team\"");
    }

    @Test
    void withoutTheBlockTheSameInstallSucceeds() {
        render(false);
        Outcome out = installBoth();
        assertThat(out.blockedInstall()).doesNotContain("blocked by your organization's policy");
        assertThat(out.installed()).contains("\"blocked-plugin@scc-team\"");
    }
}
