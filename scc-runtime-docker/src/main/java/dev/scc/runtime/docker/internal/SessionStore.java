package dev.scc.runtime.docker.internal;

import dev.scc.runtime.docker.DockerRuntimeBackend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.SccException.Kind;
import dev.scc.core.runtime.Session;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Session records, one JSON file per session under the state dir, each written atomically. */
public final class SessionStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Far above any record SCC writes (a few hundred bytes); a larger file is not a session. */
    private static final long MAX_RECORD_BYTES = 1 << 20;
    private final Path dir;

    public SessionStore(Path dir) {
        this.dir = dir;
    }

    /** Initialises the JSON mapper ahead of the first save (a launch calls it while waiting on the engine). */
    public static void warmUp() {
        try {
            JSON.writeValueAsBytes(JSON.createObjectNode().put("warm", true));
        } catch (IOException e) {
            // only a warm-up
        }
    }

    public Path dir() {
        return dir;
    }

    public void save(Session s) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(s.id() + ".json");
            Path tmp = Files.createTempFile(dir, "." + s.id(), ".tmp");
            try {
                Files.write(tmp, JSON.writeValueAsBytes(toJson(s)));
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new RuntimeBackendException(Kind.FAILED, "cannot write session record in " + dir + ": " + e.getMessage(),
                    "check that the directory is writable (XDG_STATE_HOME)", e);
        }
    }

    public void delete(String id) {
        try {
            Files.deleteIfExists(dir.resolve(id + ".json"));
        } catch (IOException e) {
            throw new RuntimeBackendException(Kind.FAILED, "cannot delete session record " + id + ": " + e.getMessage(),
                    "check that " + dir + " is writable", e);
        }
    }

    /** All records, newest first. Unreadable files are skipped (a half-written record cannot exist). */
    public List<Session> all() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Session> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    // SCC writes each record as a small regular file: anything else (a FIFO would block the
                    // listing for ever, a link to /dev/zero would never end) is not a session.
                    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) > MAX_RECORD_BYTES) {
                        continue;
                    }
                    out.add(fromJson(JSON.readTree(p.toFile())));
                } catch (IOException | RuntimeException e) {
                    // a foreign or corrupt file is not a session; listing must still work
                }
            }
        } catch (IOException e) {
            throw new RuntimeBackendException(Kind.FAILED, "cannot list " + dir + ": " + e.getMessage(), "", e);
        }
        out.sort(Comparator.comparing(Session::startedAt).reversed().thenComparing(Session::id));
        return List.copyOf(out);
    }

    public Optional<Session> find(String idOrPrefix) {
        return Session.find(all(), idOrPrefix);
    }

    static ObjectNode toJson(Session s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", s.id());
        n.put("backend", s.backend());
        n.put("workspace", s.workspace().toString());
        n.put("workspaceHash", s.workspaceHash());
        s.team().ifPresent(t -> n.put("team", t));
        n.put("provider", s.provider());
        n.put("networkPosture", s.posture().id());
        // The record format predates the neutral Session: agent, proxy and networks keep their own keys.
        n.put("agentContainer", DockerRuntimeBackend.agentContainer(s));
        DockerRuntimeBackend.proxyContainer(s).ifPresent(p -> n.put("proxyContainer", p));
        DockerRuntimeBackend.networks(s).forEach(n.putArray("networks")::add);
        if (DockerRuntimeBackend.networks(s).isEmpty()) {
            n.putArray("networks");
        }
        ObjectNode digests = n.putObject("imageDigests");
        s.imageDigests().forEach(digests::put);
        n.put("policyFingerprint", s.policyFingerprint());
        n.put("startedAt", s.startedAt().toString());
        s.stoppedAt().ifPresent(t -> n.put("stoppedAt", t.toString()));
        return n;
    }

    static Session fromJson(JsonNode n) {
        List<String> networks = new ArrayList<>();
        n.path("networks").forEach(x -> networks.add(x.asText()));
        Map<String, String> digests = new LinkedHashMap<>();
        n.path("imageDigests").fields().forEachRemaining(e -> digests.put(e.getKey(), e.getValue().asText()));
        return new Session(req(n, "id"), req(n, "backend"), Path.of(req(n, "workspace")), req(n, "workspaceHash"),
                opt(n, "team"), req(n, "provider"), NetworkPosture.fromId(req(n, "networkPosture")),
                DockerRuntimeBackend.objects(req(n, "agentContainer"), opt(n, "proxyContainer"), networks), digests, req(n, "policyFingerprint"),
                Instant.parse(req(n, "startedAt")), opt(n, "stoppedAt").map(Instant::parse));
    }

    private static String req(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing " + f);
        }
        return v.asText();
    }

    private static Optional<String> opt(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
