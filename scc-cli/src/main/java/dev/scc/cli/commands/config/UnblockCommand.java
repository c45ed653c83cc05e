package dev.scc.cli.commands.config;

import dev.scc.cli.output.JsonOption;
import dev.scc.core.SccException;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.app.governance.Governance;
import dev.scc.core.merge.BlockedItem;
import dev.scc.core.merge.DeniedAddition;
import dev.scc.core.merge.TargetType;
import dev.scc.policy.exception.ExceptionStore;
import dev.scc.policy.exception.LocalException;
import dev.scc.policy.exception.NewException;
import dev.scc.policy.exception.StoreKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scc unblock ITEM}: a local, time-bounded override for a <em>denied</em> addition. It refuses a
 * security block (nothing below the org can lift one) and an item that is not denied.
 */
@Command(name = "unblock", mixinStandardHelpOptions = true,
        description = "Allow a denied plugin or MCP server locally for a while (at most 24h). Never lifts a security block.",
        footerHeading = "%nExamples:%n",
        footer = {"  scc unblock tool@corp --reason \"trying the new linter\" --ttl 4h --org org.json --team backend"})
public final class UnblockCommand implements Callable<Integer> {
    private final CliServices services;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin GovernanceOptions options;

    @Parameters(paramLabel = "ITEM", description = "The denied plugin ref or MCP server name.")
    String item;

    @Option(names = "--reason", required = true, description = "Why (recorded with the override).")
    String reason;

    @Option(names = "--ttl", description = "How long, e.g. 30m, 8h (default 8h, at most 24h).")
    String ttl;

    @Mixin
    JsonOption jsonOption;

    @Option(names = "--shared", description = "Store in the repository's .scc/exceptions.json instead of the user store.")
    boolean shared;

    public UnblockCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Governance.Resolved r = services.governance().resolve(options.request());
        Optional<BlockedItem> block = r.effective().blockedItems().stream().filter(b -> b.item().equals(item)).findFirst();
        if (block.isPresent()) {
            throw new dev.scc.app.governance.GovernanceException(String.format("cannot unblock '%s': blocked by security "
                    + "policy ('%s', %s). Only the org config can change that.", item, block.get().blockedBy(),
                    block.get().source()), dev.scc.core.SccException.Kind.REFUSED);
        }
        Optional<DeniedAddition> denial = r.effective().deniedAdditions().stream()
                .filter(d -> d.item().equals(item)).findFirst();
        if (denial.isEmpty() || (denial.get().targetType() != TargetType.PLUGIN
                && denial.get().targetType() != TargetType.MCP_SERVER)) {
            List<String> denied = r.effective().deniedAdditions().stream()
                    .filter(d -> d.targetType() == TargetType.PLUGIN || d.targetType() == TargetType.MCP_SERVER)
                    .map(DeniedAddition::item).toList();
            throw new dev.scc.app.governance.GovernanceException(String.format("'%s' is not a denied plugin or MCP "
                    + "server for team '%s'.%s", item, r.effective().team(), denied.isEmpty() ? ""
                            : " Denied now: " + String.join(", ", denied)), dev.scc.core.SccException.Kind.NOT_FOUND);
        }
        Path file;
        StoreKind kind;
        if (shared) {
            Path start = options.workspace != null ? options.workspace : services.workingDir();
            Optional<Path> root = ExceptionStore.findRepoRoot(start);
            if (root.isEmpty()) {
                throw new dev.scc.app.governance.GovernanceException("--shared needs a git repository (none found above "
                        + start + ")", dev.scc.core.SccException.Kind.INVALID);
            }
            file = ExceptionStore.repoStorePath(root.get());
            kind = StoreKind.REPO;
        } else {
            file = ExceptionStore.userStorePath(services.dirs().configHome());
            kind = StoreKind.USER;
        }
        boolean plugin = denial.get().targetType() == TargetType.PLUGIN;
        LocalException created = new ExceptionStore(file, kind, services.clock(), RandomGenerator.getDefault())
                .add(new NewException(plugin ? List.of(item) : List.of(), plugin ? List.of() : List.of(item), reason,
                        Optional.ofNullable(ttl), Optional.empty(), Optional.ofNullable(services.env().get("USER"))));
        if (jsonOption.enabled()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", created.id());
            data.put("item", item);
            data.put("target_type", denial.get().targetType().wire());
            data.put("expires_at", created.expiresAt().toString());
            data.put("reason", created.reason()); // as stored: redacted
            data.put("store", file.toString());
            dev.scc.cli.output.JsonOutput.print(out, "Unblock", data, List.of(), List.of(), services.clock());
            return ExitCodes.OK;
        }
        out.printf("Unblocked %s '%s' until %s (%s, override %s in %s).%n", denial.get().targetType().wire(), item,
                created.expiresAt(), created.reason(), created.id(), file);
        out.flush();
        return ExitCodes.OK;
    }
}
