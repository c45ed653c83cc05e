package dev.scc.cli.output;

import picocli.CommandLine.Option;

/**
 * The {@code --json} option, declared once and mixed into every command that reports ({@code @Mixin}): the command
 * prints the {@code scc.cli/v1} envelope ({@link JsonOutput}) on stdout, and {@code ErrorReporter} prints the same
 * envelope for a failure.
 */
public final class JsonOption {
    @Option(names = "--json", description = "Print the scc.cli/v1 JSON envelope on stdout (for success and failure alike).")
    boolean json;

    /** Whether {@code --json} was given. */
    public boolean enabled() {
        return json;
    }
}
