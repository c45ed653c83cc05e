package dev.scc.cli.commands.exceptions;

import dev.scc.cli.ExitCodes;
import dev.scc.policy.exception.ExceptionStore;
import dev.scc.policy.exception.ExceptionStoreException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code scc exceptions cleanup}: removes expired entries (and entries with unparseable expiry). */
@Command(name = "cleanup", description = "Remove expired local exceptions from the user and repo stores.")
public final class ExceptionsCleanupCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
    @ParentCommand ExceptionsCommand parent;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int total = 0;
        try {
            for (ExceptionStore store : parent.stores().all()) {
                int n = store.cleanup();
                if (n > 0) {
                    out.println("Removed " + n + " expired exception" + (n == 1 ? "" : "s") + " from " + store.file() + ".");
                }
                total += n;
            }
        } catch (ExceptionStoreException e) {
            spec.commandLine().getErr().println("scc: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.CONFIG;
        }
        if (total == 0) {
            out.println("No expired exceptions.");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
