package dev.scc.cli.commands.server;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.cli.server.ServerSockets;
import dev.scc.cli.output.JsonOutput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scc server status|stop}: the resident servers the {@code scc} launcher started for this user. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"The resident scc server: read-only commands (help, config explain, org status, ...) run in a "
                + "JVM that is already warm.",
                "The scc launcher starts it on first use and it stops after SCC_SERVER_IDLE_MINUTES (10) idle; "
                + "SCC_SERVER=0 turns it off."},
        subcommands = {ServerCommand.Status.class, ServerCommand.Stop.class})
public final class ServerCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    /** {@code scc server status}. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "List the running servers.",
            footerHeading = "%nExamples:%n", footer = {"  scc server status", "  scc server status --json"})
    public static final class Status implements Callable<Integer> {
        private final CliServices services;

        @Spec picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        JsonOption jsonOption;

        public Status(CliServices services) {
            this.services = services;
        }

        @Override
        public Integer call() {
            Path dir = ServerSockets.directory(services.env());
            List<Map<String, String>> servers = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (Path socket : ServerSockets.list(dir)) {
                try {
                    servers.add(ServerSockets.status(socket));
                } catch (IOException e) {
                    warnings.add(socket + ": no server answers (" + e.getMessage() + ")");
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (jsonOption.enabled()) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("directory", dir.toString());
                data.put("servers", servers);
                JsonOutput.print(out, "ServerStatus", data, List.of(), warnings, services.clock());
                return ExitCodes.OK;
            }
            if (servers.isEmpty()) {
                out.println("No scc server is running (" + dir + ").");
            }
            for (Map<String, String> s : servers) {
                out.println("pid " + s.get("pid") + "  served " + s.get("served") + "  since " + s.get("started") + "  "
                        + s.get("socket"));
            }
            warnings.forEach(w -> spec.commandLine().getErr().println("warning: " + w));
            return ExitCodes.OK;
        }
    }

    /** {@code scc server stop}. */
    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop every running server (the next scc "
            + "command starts a fresh one).", footerHeading = "%nExamples:%n", footer = {"  scc server stop"})
    public static final class Stop implements Callable<Integer> {
        private final CliServices services;

        @Spec picocli.CommandLine.Model.CommandSpec spec;

        public Stop(CliServices services) {
            this.services = services;
        }

        @Override
        public Integer call() {
            int stopped = 0;
            for (Path socket : ServerSockets.list(ServerSockets.directory(services.env()))) {
                try {
                    ServerSockets.stop(socket);
                    stopped++;
                } catch (IOException e) {
                    spec.commandLine().getErr().println("warning: " + socket + ": no server answers (" + e.getMessage() + ")");
                }
            }
            spec.commandLine().getOut().println("Stopped " + stopped + " server" + (stopped == 1 ? "" : "s") + ".");
            return ExitCodes.OK;
        }
    }
}
