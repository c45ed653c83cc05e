package dev.scc.cli.commands.runtime;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.runtime.Session;
import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.core.runtime.NetworkDenial;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scc network log}: what a session's egress proxy refused, and why. */
@Command(name = "network", mixinStandardHelpOptions = true, description = "Egress diagnostics.",
        subcommands = NetworkCommand.Log.class)
public final class NetworkCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "log", mixinStandardHelpOptions = true,
            description = "Requests the egress proxy denied (default: the only live enforced session).")
    public static final class Log implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Mixin
        JsonOption jsonOption;

        @Parameters(arity = "0..1", paramLabel = "SESSION")
        String session;

        private final Supplier<? extends RuntimeBackend> backends;

        public Log(dev.scc.cli.CliServices services) {
            this(RuntimeCli.defaultBackend(services));
        }

        Log(Supplier<? extends RuntimeBackend> backends) {
            this.backends = backends;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return RuntimeCli.with(backends, b -> {
                String id = session != null ? session : onlyEnforcedSession(b);
                List<NetworkDenial> denials = b.networkLog(id);
                if (jsonOption.enabled()) {
                    RuntimeCli.printJson(out, "NetworkLog", denials);
                    return 0;
                }
                if (denials.isEmpty()) {
                    out.println("no denied requests in session " + id);
                }
                for (NetworkDenial d : denials) {
                    out.printf("%s  %d  %-7s %s%n      %s: %s%n", d.time(), d.status(), d.method(), d.target(),
                            d.reason(), d.explanation());
                }
                out.flush();
                return 0;
            });
        }

        private static String onlyEnforcedSession(RuntimeBackend b) {
            List<Session> live = b.sessions().stream()
                    .filter(s -> s.live() && s.posture() == NetworkPosture.WEB_EGRESS_ENFORCED).toList();
            if (live.size() != 1) {
                throw new RuntimeBackendException(live.isEmpty() ? RuntimeBackendException.Kind.NOT_FOUND
                        : RuntimeBackendException.Kind.INVALID, live.isEmpty() ? "no live web-egress-enforced session"
                                : live.size() + " live enforced sessions; name one",
                        "scc network log SESSION (ids: scc sessions)");
            }
            return live.get(0).id();
        }
    }
}
