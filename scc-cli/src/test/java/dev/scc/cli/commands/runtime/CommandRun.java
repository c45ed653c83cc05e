package dev.scc.cli.commands.runtime;

import dev.scc.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs one runtime command as the CLI would (its errors mapped to exit codes), capturing what it prints. */
final class CommandRun {
    private CommandRun() {}

    /** Clears {@code out} and {@code err}, runs {@code command} with {@code args}, returns its exit code. */
    static int run(Object command, StringWriter out, StringWriter err, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler((ex, c, pr) -> {
            c.getErr().println("scc: " + ex.getMessage());
            c.getErr().flush();
            return ExitCodes.of(ex);
        });
        return cl.execute(args);
    }
}
