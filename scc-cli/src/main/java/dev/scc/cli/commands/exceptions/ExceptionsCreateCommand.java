package dev.scc.cli.commands.exceptions;

import dev.scc.cli.ExitCodes;
import dev.scc.policy.exception.ExceptionStore;
import dev.scc.policy.exception.ExceptionStoreException;
import dev.scc.policy.exception.LocalException;
import dev.scc.policy.exception.NewException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code scc exceptions create --allow-plugin X --allow-mcp Y --reason R [--ttl 8h|--expires-at T] [--shared]}. */
@Command(name = "create", description = {
        "Create a local override (at most 24h) that lets a denied plugin or MCP server through.",
        "It never lifts a security block."})
public final class ExceptionsCreateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
    @ParentCommand ExceptionsCommand parent;

    @Option(names = "--allow-plugin", paramLabel = "PLUGIN", description = "Plugin to allow (repeatable).")
    List<String> plugins = new ArrayList<>();

    @Option(names = "--allow-mcp", paramLabel = "SERVER", description = "MCP server to allow (repeatable).")
    List<String> mcp = new ArrayList<>();

    @Option(names = "--reason", required = true, description = "Why the exception is needed (required).")
    String reason;

    @ArgGroup(exclusive = true)
    Expiry expiry;

    static final class Expiry {
        @Option(names = "--ttl", description = "Lifetime like 30m, 8h, 1d (default 8h, at most 24h).")
        String ttl;

        @Option(names = "--expires-at", paramLabel = "RFC3339", description = "Explicit expiry with offset, e.g. 2026-01-31T18:00:00Z (at most 24h ahead).")
        String expiresAt;
    }

    @Option(names = "--shared", description = "Store in the repository (.scc/exceptions.json) instead of the user store.")
    boolean shared;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExceptionStore store;
        if (shared) {
            Optional<ExceptionStore> repo = parent.stores().repo();
            if (repo.isEmpty()) {
                err.println("scc: --shared needs a git repository (none found above the current directory; use --repo DIR)");
                err.flush();
                return ExitCodes.USAGE;
            }
            store = repo.get();
        } else {
            store = parent.stores().user();
        }
        NewException request = new NewException(plugins, mcp, reason,
                Optional.ofNullable(expiry).map(e -> e.ttl), Optional.ofNullable(expiry).map(e -> e.expiresAt),
                Optional.ofNullable(System.getProperty("user.name")));
        LocalException created;
        try {
            created = store.add(request);
        } catch (ExceptionStoreException e) {
            err.println("scc: " + e.getMessage());
            err.flush();
            // An empty file means the request itself was wrong (TTL, reason, targets); otherwise the store is.
            return e.file().isEmpty() ? ExitCodes.USAGE : ExitCodes.CONFIG;
        }
        out.println("Created " + created.id() + " in the " + created.source().name().toLowerCase(Locale.ROOT) + " store (" + store.file()
                + "), expires " + created.expiresAt() + ".");
        out.println("It applies to delegation/allowlist denials only; security blocks stay blocked.");
        out.flush();
        return ExitCodes.OK;
    }
}
