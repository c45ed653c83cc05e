package dev.scc.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.broker.config.BrokerConfig;
import dev.scc.broker.git.RefUpdate;
import dev.scc.broker.git.ReceivePackRequest;
import dev.scc.broker.testing.BrokerFixture;
import dev.scc.broker.testing.FakeModelApi;
import dev.scc.broker.testing.Orgs;
import dev.scc.broker.testing.TestTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The git route's refusals that a real git client never provokes: malformed and oversized pushes, other paths. */
class BrokerGitRouteTest {
    @TempDir
    Path tmp;
    FakeModelApi up;
    BrokerFixture broker;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        up = new FakeModelApi("test");
        BrokerConfig config = Orgs.config(Orgs.header() + """
                broker:
                  ca_bundle: %s
                  max_request_bytes: 2048
                  credentials: {github-token: {env: GITHUB_TOKEN}}
                  destinations:
                    - {name: github, type: git, host: github.com, upstream: "%s", credential: github-token}
                """.formatted(TestTls.testCa(), up.uri()));
        broker = new BrokerFixture(config, Map.of("github-token", "ghp_" + "x".repeat(36)), tmp.resolve("a.jsonl"));
    }

    @AfterEach
    void stop() {
        broker.close();
        up.close();
    }

    HttpResponse<String> post(String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(broker.uri() + path))
                .header("Content-Type", "application/x-git-receive-pack-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void malformedPushIsRefusedWithTheFaultAndNothingIsForwarded() throws Exception {
        HttpResponse<String> r = post("/git/github.com/acme/app.git/git-receive-pack", "00zzgarbage".getBytes());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("malformed pkt-line: length header '00zz' is not four hex digits");
        assertThat(up.seen()).isEmpty();
        assertThat(Files.readString(tmp.resolve("a.jsonl"))).contains("git.push_malformed");
    }

    @Test
    void oversizedPushIsRefused() throws Exception {
        List<RefUpdate> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(new RefUpdate("a".repeat(40), "b".repeat(40), "refs/heads/feature/b" + i));
        }
        HttpResponse<String> r = post("/git/github.com/acme/app.git/git-receive-pack",
                ReceivePackRequest.encode(many, Set.of("report-status")));

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("exceeds broker.max_request_bytes (2048)");
        assertThat(up.seen()).isEmpty();
    }

    @Test
    void onlySmartHttpPathsAreForwarded() throws Exception {
        for (String path : List.of("/git/github.com/acme/app.git/objects/info/packs",
                "/git/github.com/acme/app.git/info/refs?service=git-evil", "/git/github.com/acme/../x/info/refs")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(broker.uri() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isIn(403, 404);
        }
        assertThat(up.seen()).isEmpty();
    }
}
