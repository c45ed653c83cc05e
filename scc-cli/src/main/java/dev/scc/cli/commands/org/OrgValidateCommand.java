package dev.scc.cli.commands.org;

import dev.scc.cli.output.JsonOutput;
import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.cli.ExitCodes;
import dev.scc.policy.PolicyDocumentException;
import dev.scc.policy.Problem;
import dev.scc.policy.schema.DocumentKind;
import dev.scc.policy.schema.DocumentReader;
import dev.scc.policy.schema.SchemaValidator;
import dev.scc.policy.source.FetchOptions;
import dev.scc.policy.source.PolicyFetcher;
import dev.scc.policy.source.PolicySource;
import dev.scc.policy.source.PolicySourceException;
import dev.scc.policy.source.SourceResolver;
import dev.scc.policy.source.XdgDirs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scc org validate FILE|URL [--jsonOption.enabled()]}: schema plus invariants; lists every problem. Exit 0 when
 * valid, 3 when invalid or unreadable. Never writes the cache.
 */
@Command(name = "validate", description = {
        "Validate an org config (or a federated team config) against the shipped schema and invariants.",
        "SOURCE is a file, an https:// URL, github:owner/repo[@ref]:path or gitlab:group/repo[@ref]:path.",
        "The kind is detected from the content (a document without 'organization' that only has team-config keys is a team config)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:valid", "3:invalid or unreadable"})
public final class OrgValidateCommand implements Callable<Integer> {
    private final dev.scc.cli.CliServices services;

    public OrgValidateCommand(dev.scc.cli.CliServices services) {
        this.services = services;
    }

    private static final Set<String> TEAM_KEYS = Set.of("$schema", "schema_version", "enabled_plugins", "disabled_plugins", "marketplaces");

    @Spec CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "File, URL or shorthand of the document.")
    String source;

    @Mixin
    JsonOption jsonOption;

    @ArgGroup(exclusive = true)
    KindChoice kind;

    static final class KindChoice {
        @Option(names = "--team", description = "Validate as a federated team config (team-config.v1).")
        boolean team;

        @Option(names = "--org", description = "Validate as an org config (org-v1).")
        boolean org;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = services.clock();
        DocumentReader reader = new DocumentReader();
        String name = source;
        DocumentKind docKind = kind != null && kind.team ? DocumentKind.TEAM : DocumentKind.ORG;
        List<Problem> problems;
        try {
            XdgDirs dirs = XdgDirs.from(services.env(), services.home());
            PolicySource src = SourceResolver.of(dirs.home(), services.workingDir()).resolve(source);
            name = src.displayName();
            if (src instanceof PolicySource.LocalFile lf && !java.nio.file.Files.exists(lf.path())) {
                return report(out, err, clock, name, docKind, List.of(), "file not found: " + lf.path(),
                        ExitCodes.NOT_FOUND);
            }
            byte[] bytes = src instanceof PolicySource.Remote remote
                    ? new PolicyFetcher(dirs.sccCacheDir(), clock,
                            k -> Optional.ofNullable(services.env().get(k)), FetchOptions.defaults()).download(remote)
                    : null;
            JsonNode doc = bytes == null ? reader.read(((PolicySource.LocalFile) src).path()) : reader.parse(name, bytes);
            if (kind == null) {
                docKind = looksLikeTeamConfig(doc) ? DocumentKind.TEAM : DocumentKind.ORG;
            }
            problems = new SchemaValidator().validate(docKind, name, doc);
        } catch (PolicyDocumentException e) {
            problems = e.problems();
        } catch (PolicySourceException e) {
            return report(out, err, clock, name, docKind, List.of(), e.getMessage(),
                    e.notFound() ? ExitCodes.NOT_FOUND : ExitCodes.CONFIG);
        }
        return report(out, err, clock, name, docKind, problems, null, ExitCodes.CONFIG);
    }

    private int report(PrintWriter out, PrintWriter err, Clock clock, String name, DocumentKind docKind, List<Problem> problems,
            String loadError, int failure) {
        boolean ok = loadError == null && problems.isEmpty();
        if (jsonOption.enabled()) {
            ObjectNode data = JsonOutput.mapper().createObjectNode();
            data.put("source", name);
            data.put("document_kind", docKind == DocumentKind.TEAM ? "team-config.v1" : "org-v1");
            data.put("valid", ok);
            ArrayNode arr = data.putArray("problems");
            for (Problem p : problems) {
                ObjectNode o = arr.addObject();
                o.put("file", p.file());
                o.put("path", p.jsonPath());
                o.put("message", p.message());
                o.put("expected", p.expected());
            }
            List<String> errors = new ArrayList<>();
            if (loadError != null) {
                errors.add(loadError);
            }
            problems.forEach(p -> errors.add(p.describe()));
            JsonOutput.print(out, JsonOutput.envelope("OrgValidation", ok, data,
                    JsonOutput.Problem.all(failure, errors), List.of(), clock));
            if (!ok) {
                err.println("scc: " + (loadError != null ? loadError : name + " is not a valid " + docKind.displayName()));
                err.flush();
            }
            return ok ? ExitCodes.OK : failure;
        }
        if (loadError != null) {
            err.println("scc: " + loadError);
            err.flush();
            return failure;
        }
        if (ok) {
            out.println(name + ": valid " + docKind.displayName() + " (" + (docKind == DocumentKind.TEAM ? "team-config.v1" : "org-v1") + ")");
            out.flush();
            return ExitCodes.OK;
        }
        problems.forEach(p -> out.println(p.describe()));
        out.flush();
        err.println("scc: " + name + " is not a valid " + docKind.displayName() + ": " + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s"));
        err.flush();
        return ExitCodes.CONFIG;
    }

    private static boolean looksLikeTeamConfig(JsonNode doc) {
        if (!doc.isObject() || doc.has("organization")) {
            return false;
        }
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            if (!TEAM_KEYS.contains(it.next())) {
                return false;
            }
        }
        return doc.has("schema_version");
    }
}
