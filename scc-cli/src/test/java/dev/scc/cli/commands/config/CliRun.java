package dev.scc.cli.commands.config;

import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs the CLI in-process with a temporary home and a fixed clock. */
record CliRun(int exit, String out, String err) {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

    static CliRun run(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliServices services = new CliServices(Map.of("USER", "tester"), home, CLOCK);
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), services, args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
