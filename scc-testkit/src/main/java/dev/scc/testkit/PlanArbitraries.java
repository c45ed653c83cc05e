package dev.scc.testkit;

import dev.scc.core.merge.BlockedItem;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.TargetType;
import dev.scc.core.model.MarketplaceSource;
import dev.scc.core.model.McpServer;
import dev.scc.core.model.Security;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of merge results, for adapters' own property tests (for example render determinism). */
public final class PlanArbitraries {
    private PlanArbitraries() {}

    private static Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMinLength(1).ofMaxLength(10)
                .filter(s -> Character.isLetter(s.charAt(0)));
    }

    private static Arbitrary<McpServer> servers() {
        Arbitrary<String> type = Arbitraries.of("stdio", "http", "sse");
        Arbitrary<List<String>> args = Arbitraries.strings().alpha().numeric().withChars('-', '/', ' ', '"', '\\')
                .ofMaxLength(12).list().ofMaxSize(3);
        Arbitrary<Map<String, String>> env = Arbitraries.maps(
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(6),
                Arbitraries.strings().ascii().ofMaxLength(8)).ofMaxSize(3);
        return Combinators.combine(names(), type, args, env).as((n, t, a, e) -> t.equals("stdio")
                ? new McpServer(n, t, Optional.empty(), Optional.of("npx"), a, e, Map.of())
                : new McpServer(n, t, Optional.of("https://" + n + ".example/mcp"), Optional.empty(), List.of(), Map.of(),
                        Map.of("Authorization", "Bearer ${TOKEN}")));
    }

    /** Effective configs with random plugins, blocked plugins, MCP servers and safety-net flags. */
    public static Arbitrary<EffectiveConfig> effectiveConfigs() {
        Arbitrary<List<String>> plugins = names().map(n -> n + "@scc-team").list().uniqueElements().ofMaxSize(5);
        Arbitrary<List<String>> blocked = names().map(n -> "x" + n + "@scc-team").list().uniqueElements().ofMaxSize(3);
        Arbitrary<List<McpServer>> mcp = servers().list().uniqueElements(McpServer::name).ofMaxSize(4);
        Arbitrary<Map<String, Object>> net = Combinators.combine(Arbitraries.of("block", "warn", "allow"),
                Arbitraries.of(true, false), Arbitraries.of(true, false)).as((a, f, r) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("action", a);
                    m.put("block_force_push", f);
                    m.put("block_reset_hard", r);
                    return m;
                });
        return Combinators.combine(plugins, blocked, mcp, net).as((p, b, m, n) -> Fixtures.config(
                p.stream().map(r -> new EffectiveConfig.SourcedPlugin(r, "org.defaults")).toList(),
                m.stream().map(s -> new EffectiveConfig.SourcedMcpServer(s, "team.backend")).toList(),
                Map.of("scc-team", new MarketplaceSource.Directory("/opt/scc/marketplaces/scc-team")), List.of(),
                new Security(List.of(), List.of(), List.of(), true, List.of(), Optional.of(n)),
                b.stream().map(r -> new BlockedItem(r, "x*", "org.security", TargetType.PLUGIN)).toList()));
    }
}
