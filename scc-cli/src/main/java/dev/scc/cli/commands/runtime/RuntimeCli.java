package dev.scc.cli.commands.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.runtime.Session;
import dev.scc.runtime.docker.DockerBackendConfig;
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

    /** The production backend: configuration from the process environment. */
    static Supplier<DockerRuntimeBackend> defaultBackend() {
        // docker-java's HTTP client logs each retry against a dead socket at INFO; the user gets one clear error
        // instead. Set before the first docker-java logger exists; a user's explicit setting wins.
        if (System.getProperty("org.slf4j.simpleLogger.log.com.github.dockerjava") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.com.github.dockerjava", "warn");
        }
        return () -> new DockerRuntimeBackend(DockerBackendConfig.fromEnvironment(System.getenv()));
    }

    /** Runs {@code body} with a backend, closing it afterwards and turning backend errors into CLI errors. */
    static <T> T with(Supplier<DockerRuntimeBackend> backends, Function<DockerRuntimeBackend, T> body) {
        try (DockerRuntimeBackend b = backends.get()) {
            return body.apply(b);
        } catch (RuntimeBackendException e) {
            throw RuntimeCliError.of(e);
        }
    }

    static ObjectNode envelope(String kind, Object data, List<String> warnings) {
        ObjectNode root = JSON.createObjectNode();
        root.put("apiVersion", "scc.cli/v1");
        root.put("kind", kind);
        ObjectNode meta = root.putObject("metadata");
        meta.put("generatedAt", Instant.now().toString());
        String v = RuntimeCli.class.getPackage().getImplementationVersion();
        meta.put("cliVersion", v == null ? "dev" : v);
        ObjectNode status = root.putObject("status");
        status.put("ok", true);
        status.putArray("errors");
        ArrayNode w = status.putArray("warnings");
        warnings.forEach(w::add);
        root.set("data", JSON.valueToTree(data));
        return root;
    }

    static void printJson(PrintWriter out, String kind, Object data) {
        try {
            out.println(JSON.writeValueAsString(envelope(kind, data, List.of())));
            out.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> sessionJson(Session s, String state) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", s.id());
        m.put("state", state);
        m.put("provider", s.provider());
        m.put("team", s.team().orElse(null));
        m.put("networkPosture", s.posture().id());
        m.put("workspace", s.workspace().toString());
        m.put("agentContainer", s.agentContainer());
        m.put("proxyContainer", s.proxyContainer().orElse(null));
        m.put("networks", s.networks());
        m.put("imageDigests", s.imageDigests());
        m.put("policyFingerprint", s.policyFingerprint());
        m.put("startedAt", s.startedAt().toString());
        m.put("stoppedAt", s.stoppedAt().map(Instant::toString).orElse(null));
        return m;
    }
}
