package dev.scc.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point: {@code main} only exits with what {@link #run} returns, so tests run the CLI in-process. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(out, err, args));
    }

    /** Runs one {@code scc} invocation with the given writers and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return SccCommand.commandLineFor(out, err, CliServices.system(), args).execute(args);
    }

    /** Runs one invocation with the given services (tests: their own environment, home and clock). */
    public static int run(PrintWriter out, PrintWriter err, CliServices services, String... args) {
        return SccCommand.commandLineFor(out, err, services, args).execute(args);
    }
}
