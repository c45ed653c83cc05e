package dev.scc.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.MergeInput;
import dev.scc.core.merge.TrustMerge;
import dev.scc.core.model.McpServer;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.ProjectConfig;
import dev.scc.core.model.TeamProfile;
import dev.scc.policy.PolicyLoader;
import dev.scc.policy.document.PolicyDocuments;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Merge at scale: an org of 200 teams, 5 000 plugin additions, 1 000 MCP servers, 50 exceptions and 40 block
 * patterns. The baseline walks the same items and copies them without any gate: the floor for any merge.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MergeBenchmark {
    static final int TEAMS = 200;
    static final int PLUGINS = 5_000;
    static final int MCP = 1_000;
    static final int EXCEPTIONS = 50;
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    OrgConfig org;
    byte[] orgJson;
    ProjectConfig project;
    TrustMerge merge = new TrustMerge();
    PolicyLoader loader = PolicyLoader.standard();

    @Setup
    public void setUp() throws Exception {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("schema_version", "1.0.0");
        root.putObject("organization").put("name", "Big Corp").put("id", "big-corp");
        ObjectNode markets = root.putObject("marketplaces");
        markets.putObject("corp").put("source", "github").put("owner", "big").put("repo", "plugins");
        markets.putObject("labs").put("source", "github").put("owner", "big").put("repo", "labs");
        ObjectNode sec = root.putObject("security");
        ArrayNode bp = sec.putArray("blocked_plugins");
        ArrayNode bm = sec.putArray("blocked_mcp_servers");
        for (int i = 0; i < 20; i++) {
            bp.add("*-deprecated-" + i);
            bm.add("*.blocked" + i + ".example");
        }
        sec.put("allow_stdio_mcp", true);
        sec.putArray("allowed_stdio_prefixes").add("/usr/local/bin").add("/opt/tools");
        ObjectNode def = root.putObject("defaults");
        ArrayNode enabled = def.putArray("enabled_plugins");
        for (int i = 0; i < 50; i++) {
            enabled.add("base-" + i + "@corp");
        }
        def.putArray("allowed_plugins").add("*@corp").add("labs-*");
        def.putArray("allowed_mcp_servers").add("*.example").add("/usr/local/bin/*");
        def.put("network_policy", "web-egress-enforced");
        ObjectNode deleg = root.putObject("delegation");
        deleg.putObject("teams").putArray("allow_additional_plugins").add("team-1*").add("team-2*").add("team-3*");
        ((ObjectNode) deleg.get("teams")).putArray("allow_additional_mcp_servers").add("*");
        deleg.putObject("projects").put("inherit_team_delegation", true);
        ObjectNode profiles = root.putObject("profiles");
        int perTeamPlugins = PLUGINS / TEAMS;
        int perTeamMcp = MCP / TEAMS;
        for (int t = 0; t < TEAMS; t++) {
            ObjectNode p = profiles.putObject("team-" + t);
            ArrayNode ap = p.putArray("additional_plugins");
            for (int i = 0; i < perTeamPlugins; i++) {
                ap.add((i % 7 == 0 ? "x-deprecated-" + (i % 20) : "tool-" + t + "-" + i) + (i % 3 == 0 ? "@labs" : "@corp"));
            }
            ArrayNode am = p.putArray("additional_mcp_servers");
            for (int i = 0; i < perTeamMcp; i++) {
                ObjectNode s = am.addObject();
                s.put("name", "srv-" + t + "-" + i);
                if (i % 2 == 0) {
                    s.put("type", "stdio").put("command", "/usr/local/bin/tool-" + i);
                } else {
                    s.put("type", "http").put("url", "https://mcp" + i + (i % 5 == 0 ? ".blocked3" : "") + ".example/x");
                }
            }
            p.put("network_policy", t % 2 == 0 ? "locked-down-web" : "open");
            p.putObject("delegation").put("allow_project_overrides", true);
        }
        ArrayNode ex = root.putArray("exceptions");
        for (int i = 0; i < EXCEPTIONS; i++) {
            ObjectNode e = ex.addObject();
            e.put("id", "INC-" + i).put("reason", "bench").put("expires_at", "2026-07-01T00:00:00Z");
            e.putObject("allow").putArray("plugins").add("tool-" + (i * 4) + "-*");
        }
        orgJson = m.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        org = PolicyDocuments.org(root);
        List<String> projectPlugins = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            projectPlugins.add("proj-" + i + "@corp");
        }
        project = new ProjectConfig(".scc.yaml", projectPlugins,
                List.of(McpServer.remote("proj-wiki", "http", "https://wiki.example/")), dev.scc.core.model.DevEnvironment.NONE,
                java.util.Optional.of("web-egress-enforced"), dev.scc.core.model.SessionSettings.NONE,
                java.util.Optional.empty(), List.of());
    }

    /** A launch: one team plus a project. */
    @Benchmark
    public EffectiveConfig mergeOneTeamWithProject() {
        return merge.merge(MergeInput.of(org, "team-150", NOW).withProject(project));
    }

    /** An admin's audit: every team of the org. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void mergeAllTeams(Blackhole bh) {
        for (String team : org.profiles().keySet()) {
            bh.consume(merge.merge(MergeInput.of(org, team, NOW)));
        }
    }

    /** Baseline: the same walk over every team's items, copying without any gate. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void baselineCopyAllTeams(Blackhole bh) {
        for (TeamProfile t : org.profiles().values()) {
            List<String> plugins = new ArrayList<>(org.defaults().enabledPlugins());
            plugins.addAll(t.additionalPlugins());
            List<McpServer> servers = new ArrayList<>(t.additionalMcpServers());
            bh.consume(plugins);
            bh.consume(servers);
        }
    }

    /** Reading, schema-validating and mapping the whole org document (what a fetch or setup pays). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PolicyLoader.OrgDocument parseValidateMapOrg() {
        return loader.parseOrg("big-org.json", orgJson);
    }
}
