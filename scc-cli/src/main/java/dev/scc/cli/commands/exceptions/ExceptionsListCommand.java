package dev.scc.cli.commands.exceptions;

import dev.scc.cli.output.JsonOutput;
import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.cli.ExitCodes;
import dev.scc.policy.exception.LocalException;
import dev.scc.policy.exception.StoreSnapshot;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code scc exceptions list [--jsonOption.enabled()] [--all]}. */
@Command(name = "list", description = "List local exceptions (active ones; --all includes expired).")
public final class ExceptionsListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
    @ParentCommand ExceptionsCommand parent;

    @Mixin
    JsonOption jsonOption;

    @Option(names = "--all", description = "Also show expired entries.")
    boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant now = parent.clock().instant();
        List<LocalException> active = new ArrayList<>();
        List<LocalException> expired = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> storePaths = new ArrayList<>();
        for (StoreSnapshot s : parent.stores().load()) {
            storePaths.add(s.file());
            active.addAll(s.active(now));
            expired.addAll(s.expired(now));
            warnings.addAll(s.warnings());
        }
        if (jsonOption.enabled()) {
            ObjectNode data = JsonOutput.mapper().createObjectNode();
            ArrayNode stores = data.putArray("stores");
            storePaths.forEach(stores::add);
            ArrayNode a = data.putArray("active");
            active.forEach(e -> a.add(toJson(e, now)));
            ArrayNode x = data.putArray("expired");
            expired.forEach(e -> x.add(toJson(e, now)));
            data.put("expired_count", expired.size());
            JsonOutput.print(out, JsonOutput.envelope("ExceptionList", true, data, List.of(), warnings, parent.clock()));
            return ExitCodes.OK;
        }
        warnings.forEach(w -> err.println("scc: warning: " + w));
        err.flush();
        if (active.isEmpty() && (!all || expired.isEmpty())) {
            out.println("No active exceptions.");
        }
        for (LocalException e : active) {
            out.println(line(e, now));
        }
        if (all) {
            for (LocalException e : expired) {
                out.println(line(e, now));
            }
        }
        if (!expired.isEmpty()) {
            out.println(expired.size() + " expired exception" + (expired.size() == 1 ? "" : "s")
                    + "; run 'scc exceptions cleanup' to remove " + (expired.size() == 1 ? "it" : "them") + ".");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String line(LocalException e, Instant now) {
        List<String> targets = new ArrayList<>();
        e.allowPlugins().forEach(p -> targets.add("plugin:" + p));
        e.allowMcpServers().forEach(m -> targets.add("mcp:" + m));
        return String.format(Locale.ROOT, "%-22s %-4s %-22s %s  (%s)", e.id(), e.source().name().toLowerCase(Locale.ROOT),
                remaining(e, now), String.join(", ", targets), e.reason());
    }

    static String remaining(LocalException e, Instant now) {
        return e.expiry().map(x -> {
            if (!x.isAfter(now)) {
                return "expired";
            }
            Duration d = Duration.between(now, x);
            return "expires in " + (d.toHours() > 0 ? d.toHours() + "h" + d.toMinutesPart() + "m" : Math.max(1, d.toMinutes()) + "m");
        }).orElse("invalid expiry");
    }

    private static ObjectNode toJson(LocalException e, Instant now) {
        ObjectNode o = JsonOutput.mapper().createObjectNode();
        o.put("id", e.id());
        o.put("source", e.source().name().toLowerCase(Locale.ROOT));
        o.put("scope", e.scope().name().toLowerCase(Locale.ROOT));
        o.put("reason", e.reason());
        ArrayNode plugins = o.putArray("plugins");
        e.allowPlugins().forEach(plugins::add);
        ArrayNode mcp = o.putArray("mcp_servers");
        e.allowMcpServers().forEach(mcp::add);
        o.put("created_at", e.createdAt());
        o.put("expires_at", e.expiresAt());
        o.put("active", e.isActive(now));
        return o;
    }
}
