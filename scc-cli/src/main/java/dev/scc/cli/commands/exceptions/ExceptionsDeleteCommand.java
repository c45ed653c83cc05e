package dev.scc.cli.commands.exceptions;

import dev.scc.cli.ExitCodes;
import dev.scc.policy.exception.ExceptionStore;
import dev.scc.policy.exception.ExceptionStoreException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code scc exceptions delete ID}: removes the entry from whichever local store holds it. */
@Command(name = "delete", description = "Delete a local exception by id.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:deleted", "1:no such id"})
public final class ExceptionsDeleteCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
    @ParentCommand ExceptionsCommand parent;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            for (ExceptionStore store : parent.stores().all()) {
                if (store.delete(id)) {
                    out.println("Deleted " + id + " from " + store.file() + ".");
                    out.flush();
                    return ExitCodes.OK;
                }
            }
        } catch (ExceptionStoreException e) {
            err.println("scc: " + e.getMessage());
            err.flush();
            return ExitCodes.CONFIG;
        }
        err.println("scc: no local exception with id '" + id + "' (see 'scc exceptions list --all')");
        err.flush();
        return ExitCodes.NOT_FOUND;
    }
}
