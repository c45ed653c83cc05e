package dev.scc.cli.commands.config;

import dev.scc.cli.output.JsonOption;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.app.governance.Governance;
import dev.scc.cli.output.JsonOutput;
import dev.scc.core.merge.BlockedItem;
import dev.scc.core.merge.DeniedAddition;
import dev.scc.core.merge.PluginRef;
import dev.scc.core.model.McpServer;
import dev.scc.core.model.ProjectConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scc config validate}: checks a project's {@code .scc.yaml} against its org and team. Exit 6 when any
 * project item is blocked or denied (the reference's contract), 3 for configuration errors.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a project's .scc.yaml against the org and team; exit 6 if any of its items is refused.",
        footerHeading = "%nExamples:%n",
        footer = {"  scc config validate --org org.json --team backend --workspace .",
                "  scc config validate --org org.json --team backend --project .scc.yaml --json"})
public final class ConfigValidateCommand implements Callable<Integer> {
    private final CliServices services;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin GovernanceOptions options;

    @Mixin
    JsonOption jsonOption;

    public ConfigValidateCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        if (options.project == null && options.workspace == null) {
            options.workspace = services.workingDir();
        }
        Governance.Resolved r = services.governance().resolve(options.request());
        Set<String> projectItems = projectItems(r);
        List<BlockedItem> blocked = new ArrayList<>();
        for (BlockedItem b : r.effective().blockedItems()) {
            if (projectItems.contains(b.item())) {
                blocked.add(b);
            }
        }
        List<DeniedAddition> denied = r.effective().deniedAdditions().stream()
                .filter(d -> d.requestedBy().equals("project")).toList();
        List<String> warnings = new ArrayList<>(r.warnings());
        r.effective().ignoredPolicyChanges().stream().filter(c -> c.source().equals("project"))
                .forEach(c -> warnings.add(c.field() + ": " + c.reason()));
        boolean refused = !blocked.isEmpty() || !denied.isEmpty();
        List<String> errors = new ArrayList<>();
        blocked.forEach(b -> errors.add(b.targetType().wire() + " '" + b.item() + "' is blocked by '" + b.blockedBy() + "'"));
        denied.forEach(d -> errors.add(d.targetType().wire() + " '" + d.item() + "' is denied: " + d.reason()));
        PrintWriter out = spec.commandLine().getOut();
        if (jsonOption.enabled()) {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("workspace_path", options.workspace == null ? "" : options.workspace.toString());
            data.put("team", r.effective().team());
            data.put("project_config_path", r.projectFile().map(Object::toString).orElse(""));
            data.put("project_config_found", r.project().isPresent());
            ArrayNode b = data.putArray("blocked_items");
            blocked.forEach(x -> b.addObject().put("item", x.item()).put("blocked_by", x.blockedBy()).put("source", x.source())
                    .put("target_type", x.targetType().wire()));
            ArrayNode d = data.putArray("denied_additions");
            denied.forEach(x -> d.addObject().put("item", x.item()).put("requested_by", x.requestedBy())
                    .put("reason", x.reason()).put("target_type", x.targetType().wire()));
            ArrayNode u = data.putArray("unknown_keys");
            r.project().map(ProjectConfig::unknownKeys).orElse(List.of()).forEach(u::add);
            JsonOutput.print(out, JsonOutput.envelope("ConfigValidate", data, JsonOutput.Problem.all(ExitCodes.GOVERNANCE, errors), warnings, services.clock()));
        } else {
            if (r.project().isEmpty()) {
                out.println("No project config at " + r.projectFile().map(Object::toString).orElse("(none)")
                        + ": nothing to validate.");
            } else if (!refused) {
                out.println("OK: every item of " + r.project().get().file() + " is allowed for team '"
                        + r.effective().team() + "'.");
            }
            errors.forEach(x -> out.println("  REFUSED " + x));
            warnings.forEach(w -> out.println("  warning: " + w));
            if (refused) {
                out.println("Run 'scc config explain --field denied' for fixes.");
            }
            out.flush();
        }
        return refused ? ExitCodes.GOVERNANCE : ExitCodes.OK;
    }

    private static Set<String> projectItems(Governance.Resolved r) {
        Set<String> items = new HashSet<>();
        r.project().ifPresent(p -> {
            List<String> markets = List.copyOf(r.org().config().marketplaces().keySet());
            for (String ref : p.additionalPlugins()) {
                items.add(ref);
                PluginRef.canonicalise(ref, markets).canonical().ifPresent(items::add);
            }
            for (McpServer s : p.additionalMcpServers()) {
                items.add(s.label());
            }
        });
        return items;
    }
}
