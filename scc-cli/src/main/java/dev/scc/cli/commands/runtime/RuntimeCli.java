package dev.scc.cli.commands.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.runtime.RuntimeBackends;
import dev.scc.core.runtime.RuntimeSettings;
import dev.scc.core.runtime.Session;
import dev.scc.cli.output.JsonOutput;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Shared plumbing of the runtime commands: backend selection through the {@link RuntimeBackends} registry (the CLI
 * names no concrete backend), error mapping, the JSON envelope.
 */
final class RuntimeCli {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RuntimeCli() {}

    /** The production backend, configured from the invocation's environment ({@code SCC_RUNTIME}, the backend's own). */
    static Supplier<RuntimeBackend> defaultBackend(dev.scc.cli.CliServices services) {
        return backendFor(RuntimeSettings.of(services.env()));
    }

    /**
     * The backend the registry selects for {@code settings} (the explicit {@code SCC_RUNTIME}, else detection),
     * configured with them. Found when first asked for, so commands that never reach the runtime load no backend.
     */
    static Supplier<RuntimeBackend> backendFor(RuntimeSettings settings) {
        return () -> RuntimeBackends.discover(RuntimeCli.class.getClassLoader())
                .select(Optional.empty(), settings.env(), Optional.empty()).configured(settings);
    }

    /** Runs {@code body} with a backend, closing it afterwards; backend errors reach the CLI as they are. */
    static <T> T with(Supplier<? extends RuntimeBackend> backends, Function<RuntimeBackend, T> body) {
        try (RuntimeBackend b = backends.get()) {
            org.slf4j.LoggerFactory.getLogger(RuntimeCli.class).debug("runtime backend {}: {}", b.id(), b);
            return body.apply(b);
        }
    }

    /** Prints {@code data} (records, maps, lists) in the CLI's one JSON envelope. */
    static void printJson(PrintWriter out, String kind, Object data) {
        printJson(out, kind, data, List.of());
    }

    /** As above, failed ({@code status.ok} false) when there are {@code errors}. */
    static void printJson(PrintWriter out, String kind, Object data, List<JsonOutput.Problem> errors) {
        JsonOutput.print(out, kind, data, errors, List.of(), java.time.Clock.systemUTC());
    }

    static Map<String, Object> sessionJson(Session s, String state) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", s.id());
        m.put("state", state);
        m.put("provider", s.provider());
        m.put("team", s.team().orElse(null));
        m.put("network_posture", s.posture().id());
        m.put("workspace", s.workspace().toString());
        m.put("backend", s.backend());
        m.put("objects", s.objects());
        m.put("image_digests", s.imageDigests());
        m.put("policy_fingerprint", s.policyFingerprint());
        m.put("started_at", s.startedAt().toString());
        m.put("stopped_at", s.stoppedAt().map(Instant::toString).orElse(null));
        return m;
    }
}
