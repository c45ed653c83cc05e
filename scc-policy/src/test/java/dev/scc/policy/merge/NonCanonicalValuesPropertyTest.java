package dev.scc.policy.merge;

import static dev.scc.policy.merge.Docs.input;
import static dev.scc.policy.merge.Docs.merge;
import static dev.scc.policy.merge.Docs.org;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.model.McpServer;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.ProjectConfig;
import dev.scc.core.plan.Transport;
import dev.scc.policy.PolicyDocumentException;
import dev.scc.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Padded, mixed-case and look-alike values for every enum and gate: each is refused when the document is loaded
 * (whatever the layer), and the merge's gates refuse them too when a model is built without a document, so no
 * gate is bypassed by a value the renderer or the agent would read differently.
 */
class NonCanonicalValuesPropertyTest {
    /** Latin letters and digits with a look-alike in another script (Cyrillic, Greek, fullwidth). */
    private static final Map<Character, Character> CONFUSABLE = Map.ofEntries(
            Map.entry('a', '\u0430'), Map.entry('c', '\u0441'), Map.entry('e', '\u0435'), Map.entry('o', '\u043e'),
            Map.entry('p', '\u0440'), Map.entry('s', '\u0455'), Map.entry('i', '\u0456'), Map.entry('d', '\u0501'),
            Map.entry('t', '\u03c4'), Map.entry('h', '\u04bb'), Map.entry('w', '\u051d'), Map.entry('n', '\u0578'),
            Map.entry('l', '\u04cf'), Map.entry('k', '\u043a'), Map.entry('-', '\u2010'), Map.entry('x', '\u0445'),
            Map.entry('b', '\u042c'), Map.entry('r', '\u0433'), Map.entry('u', '\u057d'), Map.entry('/', '\u2215'));

    private Path dir;

    @BeforeTry
    void tempDir() throws Exception {
        dir = Files.createTempDirectory("scc-noncanonical-");
    }

    @AfterTry
    void cleanUp() throws Exception {
        try (var w = Files.walk(dir)) {
            w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A canonical value turned into one that looks the same or means the same to a lenient reader. */
    static Arbitrary<String> variantsOf(String canonical) {
        Arbitrary<String> padded = Combinators.combine(Arbitraries.of(" ", "\t", "\u00a0", "\u200b", "\n", ""),
                Arbitraries.of(" ", "\t", "\u00a0", "\u2028", "\r", "")).as((l, r) -> l + canonical + r)
                .filter(s -> !s.equals(canonical));
        Arbitrary<String> cased = Arbitraries.integers().between(1, (1 << Math.min(canonical.length(), 20)) - 1)
                .map(mask -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < canonical.length(); i++) {
                        char c = canonical.charAt(i);
                        sb.append(i < 20 && (mask >> i & 1) == 1 ? Character.toUpperCase(c) : c);
                    }
                    return sb.toString();
                }).filter(s -> !s.equals(canonical));
        Arbitrary<String> lookalike = Arbitraries.integers().between(0, canonical.length() - 1).map(i -> {
            char c = canonical.charAt(i);
            char sub = CONFUSABLE.getOrDefault(Character.toLowerCase(c), '\u00ad');
            return canonical.substring(0, i) + sub + canonical.substring(i + 1);
        });
        return Arbitraries.oneOf(padded, cased, lookalike);
    }

    @Provide
    Arbitrary<String> stdioVariants() {
        return variantsOf("stdio");
    }

    @Provide
    Arbitrary<String[]> enumVariants() {
        // Every enum a project or user document carries, with its key path.
        return Arbitraries.oneOf(
                Arbitraries.of("open", "web-egress-enforced", "locked-down-web").flatMap(v -> variantsOf(v)
                        .map(x -> new String[] {"project", "network_policy: \"" + esc(x) + "\""})),
                Arbitraries.of("sse", "http", "stdio").flatMap(v -> variantsOf(v).map(x -> new String[] {"project",
                        "additional_mcp_servers:\n  - {name: s, type: \"" + esc(x) + "\", url: \"https://a.example/\","
                                + " command: /usr/bin/s}"})),
                Arbitraries.of("claude", "codex").flatMap(v -> variantsOf(v)
                        .map(x -> new String[] {"user", "{\"selected_provider\": \"" + jsonEsc(x) + "\"}"})),
                Arbitraries.of("open", "web-egress-enforced", "locked-down-web").flatMap(v -> variantsOf(v)
                        .map(x -> new String[] {"user", "{\"network_policy\": \"" + jsonEsc(x) + "\"}"})));
    }

    @Property(tries = 300)
    void everyNonCanonicalEnumIsRefusedOnLoadInEveryLayer(@ForAll("enumVariants") String[] doc) throws Exception {
        PolicyLoader loader = PolicyLoader.standard();
        if (doc[0].equals("project")) {
            Path f = Files.writeString(dir.resolve(".scc.yaml"), doc[1] + "\n", StandardCharsets.UTF_8);
            assertThatThrownBy(() -> loader.loadProject(f)).isInstanceOf(PolicyDocumentException.class)
                    .hasMessageContaining(f.toString());
        } else {
            Path f = Files.writeString(dir.resolve("config.json"), doc[1], StandardCharsets.UTF_8);
            assertThatThrownBy(() -> loader.loadUser(f)).isInstanceOf(PolicyDocumentException.class)
                    .hasMessageContaining(f.toString());
        }
    }

    /**
     * The enums added since the first audit: rule decisions (org, team config, project), the broker's credential
     * auth, destination type and scheme, the safety net and workspace protection modes, the org's network policy.
     * Each template names the layer, the document with {@code %s} for the value, and the key path the refusal must
     * name (so a document refused for another reason fails the property).
     */
    private static final List<String[]> LATER_ENUMS = List.of(
            new String[] {"org", "rules:\n  - {id: r1, match: {command: \"terraform destroy\"}, decision: \"%s\"}",
                "$.rules[0].decision", "deny", "allow", "warn", "require_approval"},
            new String[] {"team", "rules:\n  - {id: r1, match: {command: \"terraform destroy\"}, decision: \"%s\"}",
                "$.rules[0].decision", "deny", "require_approval"},
            new String[] {"project", "rules:\n  - {id: r1, match: {command: \"terraform destroy\"}, decision: \"%s\"}",
                "$.rules[0].decision", "deny", "warn"},
            new String[] {"org", "broker:\n  credentials: {k: {env: K, auth: \"%s\"}}", "$.broker.credentials.k.auth",
                "api-key", "oauth"},
            new String[] {"org", "broker:\n  credentials: {k: {env: K}}\n  destinations:\n    - {name: g, type: git,"
                + " host: git.example.com, credential: k, scheme: \"%s\"}", "$.broker.destinations[0].scheme",
                "raw", "bearer", "basic"},
            new String[] {"org", "broker:\n  credentials: {k: {env: K}}\n  destinations:\n    - {name: g, type: \"%s\","
                + " host: git.example.com, upstream: \"https://mcp.example.com/\", credential: k}",
                "$.broker.destinations[0].type", "git", "mcp"},
            new String[] {"org", "security: {safety_net: {action: \"%s\"}}", "$.security.safety_net.action", "block",
                "warn", "allow"},
            new String[] {"org", "security: {safety_net: {network_tools: \"%s\"}}", "$.security.safety_net.network_tools",
                "destination", "block-all", "allow"},
            new String[] {"org", "security: {workspace_protection: {\".envrc\": \"%s\"}}",
                "$.security.workspace_protection", "read-only", "review", "off"},
            new String[] {"project", "workspace_protection: {\".envrc\": \"%s\"}", "$.workspace_protection",
                "read-only", "review", "off"},
            new String[] {"org", "defaults: {network_policy: \"%s\"}", "$.defaults.network_policy", "open",
                "locked-down-web"});

    @Provide
    Arbitrary<String[]> laterEnumVariants() {
        return Arbitraries.of(LATER_ENUMS).flatMap(t -> Arbitraries.of(List.of(t).subList(3, t.length))
                .flatMap(canonical -> variantsOf(canonical).map(v -> new String[] {t[0], t[1], t[2], canonical, v})));
    }

    @Property(tries = 300)
    void paddedCasedOrLookAlikeRuleBrokerAndSafetyValuesAreRefusedWithTheirKeyPath(
            @ForAll("laterEnumVariants") String[] c) throws Exception {
        PolicyLoader loader = PolicyLoader.standard();
        // The canonical value loads: the template is a valid document, so the refusal below is the value's.
        load(loader, c[0], String.format(c[1], c[3]));
        assertThatThrownBy(() -> load(loader, c[0], String.format(c[1], esc(c[4]))))
                .isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining(c[2]);
    }

    private Object load(PolicyLoader loader, String layer, String body) throws Exception {
        return switch (layer) {
            case "org" -> loader.loadOrg(Files.writeString(dir.resolve("org.yaml"),
                    "schema_version: \"1.0.0\"\norganization: {name: A, id: a}\n" + body + "\n", StandardCharsets.UTF_8));
            case "team" -> loader.loadTeamConfig(Files.writeString(dir.resolve("team.yaml"),
                    "schema_version: \"1.0.0\"\n" + body + "\n", StandardCharsets.UTF_8));
            default -> loader.loadProject(Files.writeString(dir.resolve(".scc.yaml"), body + "\n",
                    StandardCharsets.UTF_8));
        };
    }

    @Property(tries = 200)
    void aNonCanonicalStdioTypeNeverReachesTheRenderPlan(@ForAll("stdioVariants") String type) {
        OrgConfig org = org("delegation:{teams:{allow_additional_mcp_servers:['*']}, projects:{inherit_team_delegation:true}},"
                + " security:{allow_stdio_mcp:false}, profiles:{t:{delegation:{allow_project_overrides:true}}}");
        ProjectConfig project = new ProjectConfig(".scc.yaml", List.of(),
                List.of(new McpServer("evil", type, Optional.empty(), Optional.of("/opt/ok/../../bin/sh"), List.of(),
                        Map.of(), Map.of())),
                dev.scc.core.model.DevEnvironment.NONE, Optional.empty(), dev.scc.core.model.SessionSettings.NONE,
                Optional.empty(), List.of());
        EffectiveConfig e = merge(input(org, "t").withProject(project));
        assertThat(e.mcpServers()).isEmpty();
        assertThat(e.blockedItems()).extracting(b -> b.item()).contains("evil");
        assertThat(Transport.parse(type)).isNotEqualTo(Transport.STDIO);
    }

    @Property(tries = 200)
    void aLookAlikeOrPaddedPluginNameIsBlockedNotMatchedAgainstAnotherScript(@ForAll("pluginVariants") String ref) {
        OrgConfig org = org("delegation:{teams:{allow_additional_plugins:['*']}},"
                + " security:{blocked_plugins:['evil-tool@*']}, profiles:{t:{additional_plugins:['" + esc(ref)
                + "']}}");
        EffectiveConfig e = merge(org, "t");
        assertThat(e.plugins()).isEmpty();
        assertThat(e.blockedItems()).hasSize(1);
    }

    @Provide
    Arbitrary<String> pluginVariants() {
        return variantsOf("evil-tool@market").filter(s -> !s.toLowerCase(Locale.ROOT).equals("evil-tool@market"));
    }

    private static String esc(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : c == '"' || c == '\\' ? "\\" + c : String.valueOf(c));
        }
        return sb.toString();
    }

    private static String jsonEsc(String s) {
        return esc(s);
    }
}
