package dev.scc.cli.commands.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.cli.SccCommand;
import dev.scc.core.merge.BlockedItem;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.TargetType;
import dev.scc.core.model.DevEnvironment;
import dev.scc.core.model.McpServer;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.SandboxSettings;
import dev.scc.core.model.Security;
import dev.scc.core.model.SessionSettings;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.spi.RendererRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The render/report half of {@code scc render}, with the merge result built in the test (no policy parsing). */
class RenderCommandTest {
    @TempDir Path root;
    @TempDir Path cache;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    static EffectiveConfig config(Optional<String> refusal) {
        return new EffectiveConfig(new OrgConfig.Organization("Acme", "acme", Optional.empty()), "backend", Optional.empty(),
                List.of(new EffectiveConfig.SourcedPlugin("code-review@scc-team", "org.defaults")),
                List.of(new EffectiveConfig.SourcedMcpServer(McpServer.local("filesystem", "npx", List.of("-y", "fs")), "org"),
                        new EffectiveConfig.SourcedMcpServer(McpServer.remote("events", "sse", "https://e.example/sse"), "org")),
                Map.of(), List.of(), Optional.empty(), List.of(), List.of(), SessionSettings.NONE, DevEnvironment.NONE,
                List.of("claude", "codex"), refusal, List.of(), Security.NONE, SandboxSettings.NONE, List.of(),
                List.of(new BlockedItem("bad@scc-team", "bad*", "org.security", TargetType.PLUGIN)), List.of(), List.of(),
                List.of(), List.of());
    }

    private int run(EffectiveConfig config, String... args) {
        CommandLine cl = new CommandLine(new RenderCommand((o, t, p, prov) -> new EffectiveConfigLoader.Loaded(config,
                Optional.empty()), dev.scc.core.spi.AgentProviderRegistry::load,
                o -> new dev.scc.policy.source.skill.SkillMaterializer(cache, Optional.empty(), false,
                        dev.scc.policy.source.skill.SkillMaterializer.DEFAULT_LIMITS, Map.of(),
                        java.time.Clock.systemUTC()),
                o -> new dev.scc.policy.source.marketplace.MarketplaceMaterializer(cache, false,
                        dev.scc.policy.source.marketplace.MarketplaceMaterializer.DEFAULT_LIMITS, Map.of(),
                        java.time.Clock.systemUTC())));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("scc: " + ex.getMessage());
            return dev.scc.cli.ExitCodes.of(ex);
        });
        List<String> argv = new ArrayList<>(List.of("--org", "org.yaml", "--team", "backend", "--root", root.toString()));
        argv.addAll(List.of(args));
        return cl.execute(argv.toArray(String[]::new));
    }

    @Test
    void rendersTheProvidersFilesUnderTheRootAndPrintsEveryItem() {
        assertThat(run(config(Optional.empty()), "--provider", "codex")).isZero();
        assertThat(root.resolve("etc/codex/config.toml")).exists();
        assertThat(root.resolve("etc/codex/hooks.json")).content().contains("/usr/lib/scc/bin/scc-hook codex");
        assertThat(out.toString()).contains("Rendered codex into").contains("skipped", "mcp:events", "unsupported-transport:sse")
                .contains("blocked", "plugin:bad@scc-team");
    }

    @Test
    void theOrgsDenyCommandRulesAreRenderedAsNativeDenialsAsAtStart() throws Exception {
        var rules = dev.scc.safety.rules.RuleSet.of(dev.scc.safety.rules.RuleCodec.read(List.of(Map.of("id", "deny-infra-destroy",
                "decision", "deny", "match", Map.of("command", List.of("terraform destroy")))), "org.yaml", "rules",
                new dev.scc.safety.rules.Origin(dev.scc.safety.rules.Origin.Layer.ORG, "", "org.yaml")));
        assertThat(run(config(Optional.empty()).withRules(rules), "--provider", "claude")).isZero();
        assertThat(root.resolve("etc/claude-code/managed-settings.json")).content()
                .contains("Bash(terraform destroy)", "Bash(/usr/bin/terraform destroy *)");
        assertThat(run(config(Optional.empty()).withRules(rules), "--provider", "codex")).isZero();
        assertThat(root.resolve("etc/codex/rules/scc.rules")).content().contains("\"/usr/local/bin/terraform\", \"/bin/terraform\"], \"destroy\"]");
    }

    @Test
    void renderingAgainWritesNothing() {
        run(config(Optional.empty()), "--provider", "claude");
        out.getBuffer().setLength(0);
        assertThat(run(config(Optional.empty()), "--provider", "claude")).isZero();
        assertThat(out.toString()).contains(": 0 written,");
    }

    @Test
    void jsonOutputIsTheEnvelopeWithOneItemPerPlanKey() throws Exception {
        assertThat(run(config(Optional.empty()), "--provider", "claude", "--json",
                "--hook-command", "/opt/scc/bin/hook {provider}")).isZero();
        JsonNode env = new ObjectMapper().readTree(out.toString());
        assertThat(env.path("apiVersion").asText()).isEqualTo("scc.cli/v1");
        assertThat(env.path("kind").asText()).isEqualTo("RenderReport");
        assertThat(env.path("status").path("ok").asBoolean()).isTrue();
        List<String> keys = new ArrayList<>();
        env.path("data").path("items").forEach(i -> keys.add(i.path("key").asText()));
        assertThat(keys).containsExactlyInAnyOrderElementsOf(RenderPlans.from(config(Optional.empty()), "claude").keys());
        assertThat(root.resolve("etc/claude-code/managed-settings.json")).content().contains("/opt/scc/bin/hook claude");
    }

    @Test
    void anUnknownProviderIsAUsageErrorNamingTheRenderersFound() {
        assertThat(run(config(Optional.empty()), "--provider", "no-such-agent")).isEqualTo(2);
        assertThat(err.toString()).contains("'no-such-agent'", "claude", "codex", "gemini");
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void theWiredCliRefusesAnUnknownProviderWithTheRegistrysErrorBeforeReadingPolicy() {
        CommandLine cl = SccCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        int code = cl.execute("render", "--org", "org.yaml", "--team", "t", "--provider", "nosuch", "--root",
                root.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown provider 'nosuch'", "installed providers: claude, codex")
                .doesNotContain("org.yaml");
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void aProviderTheTeamMayNotUseIsAGovernanceError() {
        assertThat(run(config(Optional.of("team allows only claude")), "--provider", "codex")).isEqualTo(6);
        assertThat(err.toString()).contains("team allows only claude");
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void aUserFileAtARenderedPathIsARefusalWithThePathAndTheFixAndNothingIsWritten() throws Exception {
        Files.createDirectories(root.resolve("etc/codex"));
        Files.writeString(root.resolve("etc/codex/config.toml"), "# mine\n");
        assertThat(run(config(Optional.empty()), "--provider", "codex")).isNotZero();
        assertThat(root.resolve("etc/codex/config.toml")).hasContent("# mine");
        assertThat(err.toString()).contains("refusing to render", "etc/codex/config.toml", "SCC does not own it",
                "fix: move");
        assertThat(out.toString()).doesNotContain("rendered");
        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()))
                    .containsExactly("etc/codex/config.toml");
        }
    }

    @Test
    void theWiredCliRendersFromTheOrgThroughGovernanceAndNamesAMissingFile() {
        CommandLine cl = SccCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(cl.getSubcommands()).containsKey("render");
        int code = cl.execute("render", "--org", "org.yaml", "--team", "t", "--provider", "claude", "--root", root.toString());
        assertThat(code).isEqualTo(1); // a missing file is "not found" in every command
        assertThat(err.toString()).contains("org.yaml", "not an existing file");
    }
}
