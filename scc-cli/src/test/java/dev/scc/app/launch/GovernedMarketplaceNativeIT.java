package dev.scc.app.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import dev.scc.testkit.NativeCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned real {@code claude} and {@code codex}, with no network at all (see {@link NativeCli}), uses a governed git marketplace
 * that SCC materialised: {@code scc render} clones it (from a local repository, through git's {@code insteadOf})
 * into {@code opt/scc/marketplaces/acme-tools} and points the managed settings at that directory; {@code claude}
 * registers it from the managed settings at start-up, installs its plugin from the folder, and refuses the plugin
 * the org blocks (SCC leaves it out of the placed catalog). {@code codex} reads the same Claude-format catalog from
 * its {@code [marketplaces.*]} local directory, with the same outcome.
 */
class GovernedMarketplaceNativeIT {
    private static final String URL = "https://git.example.invalid/acme/tools.git";

    @TempDir Path home;
    @TempDir Path repo;
    @TempDir Path agentHome;

    private static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.email=t@example.invalid", "-c", "user.name=t"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(o).isZero();
    }

    private NativeCli.Result claude(Path root, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "claude";
        System.arraycopy(args, 0, argv, 1, args.length);
        return NativeCli.run(root, repo, agentHome, Map.of(), argv);
    }

    /** Renders the org for {@code provider}; the git marketplace is a local repository. */
    private Path render(String provider) throws Exception {
        Path origin = Files.createDirectories(home.resolve("origin/.claude-plugin"));
        origin = origin.getParent();
        Files.writeString(origin.resolve(".claude-plugin/marketplace.json"), """
                {"name": "acme-tools", "owner": {"name": "Acme"}, "plugins": [
                  {"name": "review", "source": "./plugins/review", "description": "Reviews."},
                  {"name": "evil-tool", "source": "./plugins/evil-tool", "description": "Blocked."}]}
                """);
        for (String p : List.of("review", "evil-tool")) {
            Files.createDirectories(origin.resolve("plugins/" + p + "/.claude-plugin"));
            Files.writeString(origin.resolve("plugins/" + p + "/.claude-plugin/plugin.json"),
                    "{\"name\": \"" + p + "\", \"description\": \"probe\", \"version\": \"1.0.0\"}\n");
        }
        git(origin, "init", "-q", "-b", "main");
        git(origin, "add", "-A");
        git(origin, "commit", "-q", "-m", "tools");
        Path org = home.resolve("org.yaml");
        Files.writeString(org, """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                marketplaces:
                  acme-tools: {source: git, url: "%s", branch: main}
                security:
                  blocked_plugins: ["evil-*"]
                defaults:
                  network_policy: locked-down-web
                  enabled_plugins: [review@acme-tools, evil-tool@acme-tools]
                profiles:
                  dev: {}
                """.formatted(URL));
        Path root = home.resolve("root");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliServices services = new CliServices(Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin",
                "GIT_CONFIG_COUNT", "1",
                "GIT_CONFIG_KEY_0", "url." + origin.toUri().toString().replaceFirst("^file:/+", "file:///") + ".insteadOf",
                "GIT_CONFIG_VALUE_0", URL, "GIT_ALLOW_PROTOCOL", "file"), home, Clock.systemUTC());
        assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), services, "render", "--org",
                org.toString(), "--team", "dev", "--provider", provider, "--root", root.toString()))
                .as(out + "\n" + err).isZero();
        assertThat(root.resolve("opt/scc/marketplaces/acme-tools/plugins/review/.claude-plugin/plugin.json")).exists();
        return root;
    }

    @Test
    void claudeInstallsFromTheMaterialisedMarketplaceOfflineAndTheBlockStillWins() throws Exception {
        Path root = render("claude");
        // A headless start registers the managed extraKnownMarketplaces (it then stops: no login, no network).
        claude(root, "-p", "hello");
        NativeCli.Result list = claude(root, "plugin", "marketplace", "list");
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.stdout()).contains("acme-tools", "/opt/scc/marketplaces/acme-tools");

        NativeCli.Result good = claude(root, "plugin", "install", "review@acme-tools");
        assertThat(good.exitCode()).as(good.all()).isZero();
        NativeCli.Result evil = claude(root, "plugin", "install", "evil-tool@acme-tools");
        assertThat(evil.exitCode()).as(evil.all()).isNotZero();
        // SCC left it out of the placed catalog (and the managed enabledPlugins blocks it too)
        assertThat(evil.all()).contains("not found in marketplace");
        assertThat(claude(root, "plugin", "list", "--json").stdout())
                .contains("\"review@acme-tools\"", "/opt/scc/marketplaces/acme-tools/plugins/review")
                .doesNotContain("\"evil-tool@acme-tools\"");
    }

    @Test
    void codexInstallsFromTheMaterialisedMarketplaceOfflineButNotTheBlockedPlugin() throws Exception {
        Path root = render("codex");
        NativeCli.Result r = NativeCli.run(root, repo, agentHome, Map.of(), "codex", "plugin", "list");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("/opt/scc/marketplaces/acme-tools/.claude-plugin/marketplace.json")
                .containsPattern("review@acme-tools +.*/opt/scc/marketplaces/acme-tools/plugins/review");
        NativeCli.Result add = NativeCli.run(root, repo, agentHome, Map.of(), "codex", "plugin", "add",
                "review@acme-tools");
        assertThat(add.exitCode()).as(add.all()).isZero();
        // Codex has no managed block (a user-layer add would override the system layer's enabled = false): the
        // blocked plugin is refused because SCC's placed catalog does not offer it.
        NativeCli.Result evil = NativeCli.run(root, repo, agentHome, Map.of(), "codex", "plugin", "add",
                "evil-tool@acme-tools");
        assertThat(evil.exitCode()).as(evil.all()).isNotZero();
        assertThat(NativeCli.run(root, repo, agentHome, Map.of(), "codex", "plugin", "list").stdout())
                .containsPattern("review@acme-tools +installed").doesNotContain("evil-tool");

        // Nor can another catalog bring it in: the org blocks plugins, so SCC's requirements.toml restricts
        // marketplaces to the sources the plan names.
        Path other = Files.createDirectories(repo.resolve("other-market/.claude-plugin")).getParent();
        Files.writeString(other.resolve(".claude-plugin/marketplace.json"), """
                {"name": "other", "owner": {"name": "Anyone"}, "plugins": [
                  {"name": "evil-tool", "source": "./plugins/evil-tool", "description": "Blocked."}]}
                """);
        Files.createDirectories(other.resolve("plugins/evil-tool/.claude-plugin"));
        Files.writeString(other.resolve("plugins/evil-tool/.claude-plugin/plugin.json"),
                "{\"name\": \"evil-tool\", \"description\": \"probe\", \"version\": \"1.0.0\"}\n");
        NativeCli.Result addMarket = NativeCli.run(root, repo, agentHome, Map.of(), "codex", "plugin", "marketplace",
                "add", other.toString());
        NativeCli.Result viaOther = NativeCli.run(root, repo, agentHome, Map.of(), "codex", "plugin", "add",
                "evil-tool@other");
        assertThat(viaOther.exitCode()).as(addMarket.all() + "\n" + viaOther.all()).isNotZero();
        assertThat(addMarket.exitCode()).as(addMarket.all()).isNotZero();
        assertThat(NativeCli.run(root, repo, agentHome, Map.of(), "codex", "plugin", "list").stdout())
                .doesNotContain("evil-tool");
    }
}
