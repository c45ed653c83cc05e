package dev.scc.cli.commands.config;

import dev.scc.cli.output.JsonOption;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.broker.config.BrokerExplain;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.app.governance.Governance;
import dev.scc.cli.output.JsonOutput;
import dev.scc.policy.explain.ExplainJson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scc config explain}: the effective configuration, with every decision and refusal explained. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Show what a team and project effectively get, and why.",
        footerHeading = "%nExamples:%n",
        footer = {"  scc config explain --org org.json --team backend",
                "  scc config explain --org org.json --team backend --workspace . --provider claude --json",
                "  scc config explain --field blocked"})
public final class ConfigExplainCommand implements Callable<Integer> {
    /** {@code --field} names and the JSON keys they select. */
    static final Map<String, List<String>> FIELDS = Map.ofEntries(
            Map.entry("plugins", List.of("effective", "plugins")),
            Map.entry("mcp_servers", List.of("effective", "mcp_servers")),
            Map.entry("network", List.of("effective", "network_policy")),
            Map.entry("network_policy", List.of("effective", "network_policy")),
            Map.entry("destinations", List.of("effective", "destinations")),
            Map.entry("destination_sets", List.of("effective", "destination_sets")),
            Map.entry("session", List.of("effective", "session")),
            Map.entry("dev_environment", List.of("effective", "dev_environment_commands")),
            Map.entry("providers", List.of("effective", "allowed_providers")),
            Map.entry("blocked", List.of("blocked_items")),
            Map.entry("denied", List.of("denied_additions")),
            Map.entry("ignored", List.of("ignored_policy_changes")),
            Map.entry("rules", List.of("effective", "rules")),
            Map.entry("workspace_protection", List.of("effective", "workspace_protection")),
            Map.entry("exceptions", List.of("exceptions")),
            Map.entry("decisions", List.of("decisions")),
            Map.entry("enforcement", List.of("enforcement")),
            Map.entry("warnings", List.of("warnings")),
            Map.entry("brokered", List.of("brokered")));

    private final CliServices services;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin GovernanceOptions options;

    @Option(names = "--field", paramLabel = "F", description = "Show one field: ${COMPLETION-CANDIDATES}",
            completionCandidates = FieldNames.class)
    String field;

    @Mixin
    JsonOption jsonOption;

    public ConfigExplainCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        if (field != null && !FIELDS.containsKey(field)) {
            spec.commandLine().getErr().println("scc: unknown --field '" + field + "'. Known fields: "
                    + String.join(", ", new java.util.TreeSet<>(FIELDS.keySet())));
            return ExitCodes.USAGE;
        }
        Governance.Resolved r = services.governance().resolve(options.request());
        List<BrokerExplain.Row> brokered = brokered(r);
        ObjectNode data = ExplainJson.data(r.effective(), !brokered.isEmpty());
        data.set("brokered", BrokerExplain.json(brokered));
        if (jsonOption.enabled()) {
            JsonNode out = data;
            if (field != null) {
                ObjectNode only = JsonNodeFactory.instance.objectNode();
                only.set(field, select(data, FIELDS.get(field)));
                out = only;
            }
            List<JsonOutput.Problem> errors = r.effective().providerRefusal().map(m -> List.of(JsonOutput.Problem.of(
                    ExitCodes.GOVERNANCE, m, "pick an allowed provider with --provider or 'scc provider set'"))).orElse(List.of());
            JsonOutput.print(spec.commandLine().getOut(), JsonOutput.envelope("ConfigExplain", out, errors, r.warnings(),
                    services.clock()));
        } else {
            // Names, descriptions and reasons come from documents: shown, never interpreted by the terminal.
            java.io.PrintWriter safe = dev.scc.cli.ux.EscapingWriter.over(spec.commandLine().getOut());
            new ExplainText(safe, r, field, options.repeatFlags()).print();
            safe.flush();
        }
        r.effective().providerRefusal().ifPresent(m -> {
            spec.commandLine().getErr().println("scc: " + m);
            spec.commandLine().getErr().flush();
        });
        return r.effective().providerRefusal().isPresent() ? ExitCodes.GOVERNANCE : ExitCodes.OK;
    }

    /** The brokered destinations of the resolved org for its team (names and sources, never values). */
    static List<BrokerExplain.Row> brokered(Governance.Resolved r) {
        return BrokerExplain.rows(r.org().file(), r.orgFetch().document(), java.util.Optional.of(r.effective().team()));
    }

    static JsonNode select(JsonNode data, List<String> path) {
        JsonNode n = data;
        for (String k : path) {
            n = n.path(k);
        }
        return n;
    }

    /** Completion candidates for {@code --field}. */
    static final class FieldNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return new java.util.TreeSet<>(FIELDS.keySet()).iterator();
        }
    }
}
