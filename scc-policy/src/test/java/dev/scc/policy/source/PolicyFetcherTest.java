package dev.scc.policy.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scc.policy.PolicyDocumentException;
import dev.scc.policy.schema.DocumentKind;
import dev.scc.policy.schema.DocumentReader;
import dev.scc.policy.schema.SchemaValidator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFetcherTest {
    private static final String VALID_V1 = "{\"schema_version\":\"1.0.0\",\"organization\":{\"name\":\"A\",\"id\":\"a\"}}";
    private static final String VALID_V2 = "schema_version: \"1.0.0\"\norganization: {name: B, id: b}\n";
    private static final String INVALID = "{\"schema_version\":\"1.0.0\",\"organization\":{\"name\":\"A\",\"id\":\"a\"},\"secuirty\":{}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    private HttpServer server;
    private final ConcurrentLinkedDeque<Reply> replies = new ConcurrentLinkedDeque<>();
    private final List<Map<String, List<String>>> requests = Collections.synchronizedList(new ArrayList<>());
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final DocumentCheck orgCheck = DocumentCheck.schema(new DocumentReader(), new SchemaValidator(), DocumentKind.ORG);

    /** What the loopback server answers next; {@code declaredLength} > body length simulates a truncated body. */
    record Reply(int status, String body, String etag, long declaredLength, String location) {
        static Reply ok(String body, String etag) {
            return new Reply(200, body, etag, -1, null);
        }

        static Reply status(int status) {
            return new Reply(status, "error " + status, null, -1, null);
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.add(Map.copyOf(ex.getRequestHeaders()));
        Reply r = replies.isEmpty() ? Reply.status(500) : replies.removeFirst();
        if (r.etag() != null) {
            ex.getResponseHeaders().add("ETag", r.etag());
        }
        if (r.location() != null) {
            ex.getResponseHeaders().add("Location", r.location());
        }
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        if (r.status() == 304 || r.status() >= 300 && r.status() < 400) {
            ex.sendResponseHeaders(r.status(), -1);
            ex.close();
            return;
        }
        long length = r.declaredLength() >= 0 ? r.declaredLength() : body.length;
        ex.sendResponseHeaders(r.status(), length == 0 ? -1 : length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
            out.flush();
        } catch (IOException expectedForTruncation) {
            // the JDK server complains when fewer bytes than declared are written
        }
        ex.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private PolicyFetcher fetcher(Map<String, String> env) {
        return new PolicyFetcher(PolicyFetcher.defaultClient(FetchOptions.forLoopbackTests()), dir.resolve("cache/scc"), clock,
                k -> Optional.ofNullable(env.get(k)), FetchOptions.forLoopbackTests());
    }

    private PolicyFetcher fetcher() {
        return fetcher(Map.of());
    }

    private PolicySource source(String path) {
        return SourceResolver.forLoopbackTests(dir, dir).resolve(url(path));
    }

    private List<Path> cacheFiles() throws IOException {
        Path p = dir.resolve("cache/scc/policy");
        if (!Files.exists(p)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(p)) {
            // Lock files (FileLocks) guard entries; they are not cached content.
            return s.filter(f -> !f.getFileName().toString().endsWith(".lock")).sorted().toList();
        }
    }

    @Test
    void validDocumentIsFetchedThenCachedPrivatelyWithMeta() throws IOException {
        replies.add(Reply.ok(VALID_V1, "\"v1\""));
        FetchResult r = fetcher().fetch(source("/org.json"), FetchMode.ONLINE, orgCheck);

        assertThat(r.origin()).isEqualTo(FetchOrigin.FETCHED);
        assertThat(r.document().path("organization").path("id").asText()).isEqualTo("a");
        assertThat(r.age()).isEqualTo(Duration.ZERO);
        assertThat(r.etag()).contains("\"v1\"");
        assertThat(cacheFiles()).hasSize(2);
        for (Path f : cacheFiles()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        }
        Path meta = cacheFiles().stream().filter(p -> p.toString().endsWith(".meta.json")).findFirst().orElseThrow();
        JsonNode m = JSON.readTree(meta.toFile());
        assertThat(m.path("source_url").asText()).isEqualTo(url("/org.json"));
        assertThat(m.path("fetched_at").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(m.path("etag").asText()).isEqualTo("\"v1\"");
        assertThat(m.path("sha256").asText()).isEqualTo(r.sha256()).hasSize(64);
    }

    @Test
    void conditionalGetUsesEtagAnd304RenewsTheCachedCopy() {
        replies.add(Reply.ok(VALID_V1, "\"v1\""));
        fetcher().fetch(source("/org.json"), FetchMode.ONLINE, orgCheck);
        clock.advance(Duration.ofHours(5));
        replies.add(new Reply(304, "", null, -1, null));

        FetchResult r = fetcher().fetch(source("/org.json"), FetchMode.ONLINE, orgCheck);

        assertThat(requests.get(1).get("If-none-match")).containsExactly("\"v1\"");
        assertThat(requests.get(0)).doesNotContainKey("If-none-match");
        assertThat(r.origin()).isEqualTo(FetchOrigin.NOT_MODIFIED);
        assertThat(r.fetchedAt()).isEqualTo(Instant.parse("2026-03-01T17:00:00Z"));
        assertThat(r.age()).isEqualTo(Duration.ZERO);
        assertThat(r.document().path("organization").path("id").asText()).isEqualTo("a");
    }

    @Test
    void newContentReplacesTheCache() {
        replies.add(Reply.ok(VALID_V1, "\"v1\""));
        fetcher().fetch(source("/org"), FetchMode.ONLINE, orgCheck);
        replies.add(Reply.ok(VALID_V2, "\"v2\""));
        FetchResult r = fetcher().fetch(source("/org"), FetchMode.ONLINE, orgCheck);
        assertThat(r.origin()).isEqualTo(FetchOrigin.FETCHED);
        assertThat(fetcher().fetch(source("/org"), FetchMode.OFFLINE, orgCheck).document().path("organization").path("id").asText())
                .isEqualTo("b");
    }

    @Test
    void httpErrorsFallBackToTheCacheWithAWarningNamingUrlAndStatus() {
        replies.add(Reply.ok(VALID_V1, "\"v1\""));
        fetcher().fetch(source("/org.json"), FetchMode.ONLINE, orgCheck);
        clock.advance(Duration.ofHours(30));
        for (int status : new int[] {404, 500, 403}) {
            replies.add(Reply.status(status));
            FetchResult r = fetcher().fetch(source("/org.json"), FetchMode.ONLINE, orgCheck);
            assertThat(r.origin()).isEqualTo(FetchOrigin.CACHE_FALLBACK);
            assertThat(r.age()).isEqualTo(Duration.ofHours(30));
            assertThat(r.isStale(Duration.ofHours(24))).isTrue();
            assertThat(r.isStale(Duration.ofHours(48))).isFalse();
            assertThat(r.warnings()).singleElement().asString().contains(url("/org.json")).contains("HTTP " + status);
        }
    }

    @Test
    void httpErrorWithoutCacheIsAClearError() {
        replies.add(Reply.status(404));
        assertThatThrownBy(() -> fetcher().fetch(source("/missing.json"), FetchMode.ONLINE, orgCheck))
                .isInstanceOfSatisfying(PolicySourceException.class, e -> {
                    assertThat(e.getMessage()).contains(url("/missing.json")).contains("HTTP 404").contains("no cached copy")
                            .contains("set SCC_ORG_TOKEN");
                    assertThat(e.httpStatus()).hasValue(404);
                    assertThat(e.fix()).contains("check the URL, the network", "cached copy");
                });
    }

    @Test
    void invalidDocumentIsNeverCachedAndTheOldCacheIsKept() throws IOException {
        replies.add(Reply.ok(VALID_V1, "\"v1\""));
        fetcher().fetch(source("/org.json"), FetchMode.ONLINE, orgCheck);
        Map<Path, byte[]> before = snapshot();

        replies.add(Reply.ok(INVALID, "\"v2\""));
        FetchResult r = fetcher().fetch(source("/org.json"), FetchMode.ONLINE, orgCheck);

        assertThat(r.origin()).isEqualTo(FetchOrigin.CACHE_FALLBACK);
        assertThat(r.warnings()).singleElement().asString().contains("invalid").contains("secuirty");
        assertThat(snapshot()).containsOnlyKeys(before.keySet());
        before.forEach((p, bytes) -> assertThat(p).hasBinaryContent(bytes));
    }

    @Test
    void invalidDocumentWithoutCacheThrowsAllProblemsAndCachesNothing() throws IOException {
        replies.add(Reply.ok(INVALID, "\"x\""));
        assertThatThrownBy(() -> fetcher().fetch(source("/org.json"), FetchMode.ONLINE, orgCheck))
                .isInstanceOfSatisfying(PolicyDocumentException.class, e -> assertThat(e.problems().get(0).jsonPath()).isEqualTo("$.secuirty"));
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void garbageBodyIsRejectedAndNotCached() throws IOException {
        replies.add(Reply.ok("\u0000\u0001<html>oops</html>{{{", null));
        assertThatThrownBy(() -> fetcher().fetch(source("/org.json"), FetchMode.ONLINE, orgCheck)).isInstanceOf(PolicyDocumentException.class);
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void truncatedBodyFallsBackToCacheAndNeverReplacesIt() throws IOException {
        replies.add(Reply.ok(VALID_V1, "\"v1\""));
        fetcher().fetch(source("/org.json"), FetchMode.ONLINE, orgCheck);
        Map<Path, byte[]> before = snapshot();

        replies.add(new Reply(200, VALID_V2.substring(0, 20), "\"v2\"", 10_000, null));
        FetchResult r = fetcher().fetch(source("/org.json"), FetchMode.ONLINE, orgCheck);

        assertThat(r.origin()).isEqualTo(FetchOrigin.CACHE_FALLBACK);
        assertThat(r.warnings()).singleElement().asString().contains(url("/org.json"));
        before.forEach((p, bytes) -> assertThat(p).hasBinaryContent(bytes));
    }

    @Test
    void offlineUsesOnlyTheCacheAndFailsWithoutOne() {
        assertThatThrownBy(() -> fetcher().fetch(source("/org.json"), FetchMode.OFFLINE, orgCheck))
                .isInstanceOf(PolicySourceException.class).hasMessageContaining("offline");
        replies.add(Reply.ok(VALID_V1, "\"v1\""));
        fetcher().fetch(source("/org.json"), FetchMode.ONLINE, orgCheck);
        clock.advance(Duration.ofDays(10));
        int before = requests.size();

        FetchResult r = fetcher().fetch(source("/org.json"), FetchMode.OFFLINE, orgCheck);

        assertThat(requests).hasSize(before);
        assertThat(r.origin()).isEqualTo(FetchOrigin.OFFLINE_CACHE);
        assertThat(r.age()).isEqualTo(Duration.ofDays(10));
        assertThat(r.fromCacheOnly()).isTrue();
    }

    @Test
    void cacheIsKeyedBySourceUrl() throws IOException {
        replies.add(Reply.ok(VALID_V1, null));
        replies.add(Reply.ok(VALID_V2, null));
        fetcher().fetch(source("/a.json"), FetchMode.ONLINE, orgCheck);
        fetcher().fetch(source("/b.yaml"), FetchMode.ONLINE, orgCheck);
        assertThat(cacheFiles()).hasSize(4);
        assertThat(fetcher().fetch(source("/a.json"), FetchMode.OFFLINE, orgCheck).document().path("organization").path("id").asText()).isEqualTo("a");
        assertThat(fetcher().fetch(source("/b.yaml"), FetchMode.OFFLINE, orgCheck).document().path("organization").path("id").asText()).isEqualTo("b");
    }

    @Test
    void tamperedCacheIsIgnored() throws IOException {
        replies.add(Reply.ok(VALID_V1, null));
        fetcher().fetch(source("/org.json"), FetchMode.ONLINE, orgCheck);
        Path body = cacheFiles().stream().filter(p -> p.toString().endsWith(".body")).findFirst().orElseThrow();
        Files.writeString(body, VALID_V2);
        assertThatThrownBy(() -> fetcher().fetch(source("/org.json"), FetchMode.OFFLINE, orgCheck)).isInstanceOf(PolicySourceException.class);
    }

    @Test
    void bearerTokenComesFromEnvironmentAndNeverAppearsInErrors() {
        replies.add(Reply.ok(VALID_V1, null));
        fetcher(Map.of("SCC_ORG_TOKEN", "s3cret-org", "GITHUB_TOKEN", "gh")).fetch(source("/org.json"), FetchMode.ONLINE, orgCheck);
        assertThat(requests.get(0).get("Authorization")).containsExactly("Bearer s3cret-org");

        replies.add(Reply.ok(VALID_V1, null));
        fetcher(Map.of("GITHUB_TOKEN", "gh")).fetch(source("/org2.json"), FetchMode.ONLINE, orgCheck);
        assertThat(requests.get(1)).doesNotContainKey("Authorization");

        replies.add(Reply.status(401));
        assertThatThrownBy(() -> fetcher(Map.of("SCC_ORG_TOKEN", "s3cret-org")).fetch(source("/x.json"), FetchMode.ONLINE, orgCheck))
                .satisfies(e -> assertThat(e.getMessage()).contains("HTTP 401").doesNotContain("s3cret"));
    }

    @Test
    void redirectToAnotherHostDropsTheToken() throws IOException {
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<Map<String, List<String>>> otherRequests = Collections.synchronizedList(new ArrayList<>());
        other.createContext("/", ex -> {
            otherRequests.add(Map.copyOf(ex.getRequestHeaders()));
            byte[] b = VALID_V1.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        other.start();
        try {
            replies.add(new Reply(302, "", null, -1, "http://localhost:" + other.getAddress().getPort() + "/moved.json"));
            FetchResult r = fetcher(Map.of("SCC_ORG_TOKEN", "tok")).fetch(source("/org.json"), FetchMode.ONLINE, orgCheck);
            assertThat(r.origin()).isEqualTo(FetchOrigin.FETCHED);
            assertThat(requests.get(0).get("Authorization")).containsExactly("Bearer tok");
            assertThat(otherRequests.get(0)).doesNotContainKey("Authorization");
        } finally {
            other.stop(0);
        }
    }

    @Test
    void configuredHeadersAreExpandedFromTheEnvironmentAndOverrideTheToken() {
        PolicySource.Remote base = (PolicySource.Remote) source("/team.json");
        PolicySource.Remote withHeaders = new PolicySource.Remote(base.url(), PolicySource.Host.OTHER, "team",
                Map.of("Authorization", "Bearer ${TEAM_TOKEN}", "X-Team", "backend"));
        DocumentCheck teamCheck = DocumentCheck.schema(new DocumentReader(), new SchemaValidator(), DocumentKind.TEAM);
        replies.add(Reply.ok("{\"schema_version\": \"1.0.0\"}", null));

        fetcher(Map.of("TEAM_TOKEN", "t0k", "SCC_ORG_TOKEN", "org")).fetch(withHeaders, FetchMode.ONLINE, teamCheck);

        assertThat(requests.get(0).get("Authorization")).containsExactly("Bearer t0k");
        assertThat(requests.get(0).get("X-team")).containsExactly("backend");
        assertThatThrownBy(() -> fetcher().fetch(withHeaders, FetchMode.ONLINE, teamCheck))
                .isInstanceOf(PolicySourceException.class).hasMessageContaining("unset environment variable TEAM_TOKEN");
        assertThat(requests).hasSize(1);
    }

    @Test
    void plainHttpIsRefusedWithoutTheTestOption() {
        PolicyFetcher production = new PolicyFetcher(PolicyFetcher.defaultClient(FetchOptions.defaults()), dir.resolve("cache/scc"), clock,
                k -> Optional.empty(), FetchOptions.defaults());
        assertThatThrownBy(() -> production.fetch(source("/org.json"), FetchMode.ONLINE, orgCheck))
                .isInstanceOf(PolicySourceException.class).hasMessageContaining("non-HTTPS");
        assertThat(requests).isEmpty();
    }

    @Test
    void localFileIsReadAndCheckedDirectly() throws IOException {
        Path f = dir.resolve("org.yaml");
        Files.writeString(f, VALID_V2);
        FetchResult r = fetcher().fetch(SourceResolver.of(dir, dir).resolve("./org.yaml"), FetchMode.OFFLINE, orgCheck);
        assertThat(r.origin()).isEqualTo(FetchOrigin.LOCAL_FILE);
        assertThat(r.isStale(Duration.ofMinutes(1))).isFalse();
        assertThatThrownBy(() -> fetcher().fetch(SourceResolver.of(dir, dir).resolve("./nope.yaml"), FetchMode.ONLINE, orgCheck))
                .isInstanceOf(PolicySourceException.class).hasMessageContaining("file not found");
    }

    private Map<Path, byte[]> snapshot() throws IOException {
        Map<Path, byte[]> m = new java.util.HashMap<>();
        for (Path p : cacheFiles()) {
            m.put(p, Files.readAllBytes(p));
        }
        return m;
    }

    /** A clock tests move forward explicitly. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
