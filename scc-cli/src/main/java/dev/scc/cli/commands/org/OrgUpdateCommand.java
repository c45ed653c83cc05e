package dev.scc.cli.commands.org;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.core.SccException.Kind;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.app.governance.GovernanceException;
import dev.scc.cli.output.JsonOutput;
import dev.scc.policy.source.FetchResult;
import dev.scc.policy.source.FetchOrigin;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scc org update} refreshes the connected org config now (strict: a failed refresh is an error, even
 * though the cached copy stays in use); {@code scc org status} shows what is cached and how old it is.
 */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Fetch the org config now; fail if the source cannot confirm it (the cached copy is kept).",
        footerHeading = "%nExamples:%n",
        footer = {"  scc org update", "  scc org update github:acme/policy@main:org.yaml --json"})
public final class OrgUpdateCommand implements Callable<Integer> {
    private final CliServices services;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SOURCE", description = "Org source; default: the one 'scc setup' connected.")
    String source;

    @Mixin
    JsonOption jsonOption;

    public OrgUpdateCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        String raw = source != null ? source : services.governance().connectedOrgSource().orElseThrow(() ->
                new GovernanceException("no org source connected: pass SOURCE or run 'scc setup'", Kind.CONFIG));
        FetchResult r = services.governance().fetchOrg(raw, false);
        boolean confirmed = r.origin() != FetchOrigin.CACHE_FALLBACK;
        print(spec.commandLine().getOut(), "OrgUpdate", r, confirmed, jsonOption.enabled(), services);
        if (!confirmed) {
            spec.commandLine().getErr().println("scc: could not refresh " + r.source().displayName()
                    + "; the cached copy from " + r.fetchedAt() + " stays in use");
        }
        return confirmed ? ExitCodes.OK : ExitCodes.CONFIG;
    }

    static void print(PrintWriter out, String kind, FetchResult r, boolean ok, boolean json, CliServices services) {
        if (json) {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("source", r.source().displayName());
            data.put("origin", r.origin().name().toLowerCase(java.util.Locale.ROOT));
            data.put("fetched_at", r.fetchedAt().toString());
            data.put("age_seconds", r.age().toSeconds());
            data.put("etag", r.etag().orElse(""));
            data.put("sha256", r.sha256());
            data.put("organization", r.document().path("organization").path("id").asText());
            JsonOutput.print(out, JsonOutput.envelope(kind, ok, data, ok ? List.of() : List.of(JsonOutput.Problem.of(dev.scc.cli.ExitCodes.CONFIG, "refresh failed",
                    "run 'scc org update' when the source is reachable")),
                    r.warnings(), services.clock()));
            return;
        }
        out.printf("Org config: %s (%s)%n", r.document().path("organization").path("name").asText(),
                r.document().path("organization").path("id").asText());
        out.printf("Source:     %s%n", r.source().displayName());
        out.printf("State:      %s, confirmed %s (%s ago)%n", r.origin().name().toLowerCase(java.util.Locale.ROOT),
                r.fetchedAt(), human(r.age()));
        out.printf("SHA-256:    %s%n", r.sha256());
        r.etag().ifPresent(e -> out.printf("ETag:       %s%n", e));
        r.warnings().forEach(w -> out.println("warning: " + w));
        out.flush();
    }

    static String human(java.time.Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return (s / 60) + "m";
        }
        if (s < 172_800) {
            return (s / 3600) + "h";
        }
        return (s / 86_400) + "d";
    }
}
