package dev.scc.cli.commands.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.runtime.Session;
import dev.scc.runtime.docker.DockerBackendConfig;
import dev.scc.cli.output.JsonOutput;
import dev.scc.runtime.docker.DockerRuntimeBackend;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** Shared plumbing of the runtime commands: backend creation, error mapping, the JSON envelope. */
final class RuntimeCli {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RuntimeCli() {}

    /** The production backend, configured from the invocation's environment ({@code DOCKER_HOST}, {@code SCC_*}). */
    static Supplier<DockerRuntimeBackend> defaultBackend(dev.scc.cli.CliServices services) {
        quietDockerJavaRetries();
        return () -> new DockerRuntimeBackend(DockerBackendConfig.fromEnvironment(services.env()));
    }

    static void quietDockerJavaRetries() {
        // docker-java's HTTP client logs each retry against a dead socket at INFO; the user gets one clear error
        // instead. Set before the first docker-java logger exists; a user's explicit setting wins.
        if (System.getProperty("org.slf4j.simpleLogger.log.com.github.dockerjava") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.com.github.dockerjava", "warn");
        }
    }

    /** Runs {@code body} with a backend, closing it afterwards and backend errors reach the CLI as they are. */
    static <T> T with(Supplier<DockerRuntimeBackend> backends, Function<DockerRuntimeBackend, T> body) {
        try (DockerRuntimeBackend b = backends.get()) {
            org.slf4j.LoggerFactory.getLogger(RuntimeCli.class).debug("docker engine at {}, sessions in {}",
                    b.config().dockerHost(), b.config().stateDir());
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
        m.put("agent_container", s.agentContainer());
        m.put("proxy_container", s.proxyContainer().orElse(null));
        m.put("networks", s.networks());
        m.put("image_digests", s.imageDigests());
        m.put("policy_fingerprint", s.policyFingerprint());
        m.put("started_at", s.startedAt().toString());
        m.put("stopped_at", s.stoppedAt().map(Instant::toString).orElse(null));
        return m;
    }
}
