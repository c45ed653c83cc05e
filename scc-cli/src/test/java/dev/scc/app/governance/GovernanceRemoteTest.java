package dev.scc.app.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.scc.cli.CliServices;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The org config over HTTP (a loopback server): fetched, cached, used offline, never replaced by garbage. */
class GovernanceRemoteTest {
    private static final String ORG = "{\"schema_version\":\"1.0.0\",\"organization\":{\"name\":\"Acme\",\"id\":\"acme\"},"
            + "\"defaults\":{\"max_stale_hours\":24,\"enabled_plugins\":[\"base@claude-plugins-official\"]},"
            + "\"profiles\":{\"t\":{}}}";

    @TempDir Path home;
    private HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>(ORG);
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private String url;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/org.json", exchange -> {
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), b.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/org.json";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Governance governance(Instant now) {
        return new CliServices(Map.of(), home, Clock.fixed(now, ZoneOffset.UTC)).allowLoopbackHttpForTests().governance();
    }

    private GovernanceRequest request(boolean offline) {
        return new GovernanceRequest(Optional.of(url), Optional.of("t"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), offline, false);
    }

    @Test
    void fetchedOrgIsCachedAndServesOfflineRuns() {
        Instant t0 = Instant.parse("2026-06-01T12:00:00Z");
        assertThat(governance(t0).resolve(request(false)).effective().pluginRefs())
                .containsExactly("base@claude-plugins-official");
        server.stop(0);
        Governance.Resolved offline = governance(t0.plusSeconds(60)).resolve(request(true));
        assertThat(offline.effective().pluginRefs()).containsExactly("base@claude-plugins-official");
    }

    @Test
    void anInvalidFetchNeverReplacesTheCachedCopy() {
        Instant t0 = Instant.parse("2026-06-01T12:00:00Z");
        governance(t0).resolve(request(false));
        body.set("{\"schema_version\":\"1.0.0\",\"organization\":{\"name\":\"Evil\",\"id\":\"evil\"},\"surprise\":true}");
        Governance.Resolved r = governance(t0.plusSeconds(60)).resolve(request(false));
        assertThat(r.effective().organization().id()).isEqualTo("acme");
        assertThat(r.warnings()).anyMatch(w -> w.contains("not cached"));
        assertThat(governance(t0.plusSeconds(120)).resolve(request(true)).effective().organization().id()).isEqualTo("acme");
    }

    @Test
    void anHttpErrorFallsBackToTheCacheWithAWarning() {
        Instant t0 = Instant.parse("2026-06-01T12:00:00Z");
        governance(t0).resolve(request(false));
        status.set(500);
        Governance.Resolved r = governance(t0.plusSeconds(60)).resolve(request(false));
        assertThat(r.effective().organization().id()).isEqualTo("acme");
        assertThat(r.warnings()).anyMatch(w -> w.contains("500"));
    }

    @Test
    void aLaunchRefusesAnOrgOlderThanMaxStaleHoursButExplainOnlyWarns() {
        Instant t0 = Instant.parse("2026-06-01T12:00:00Z");
        governance(t0).resolve(request(false));
        server.stop(0);
        Instant later = t0.plus(Duration.ofHours(30));
        Governance.Resolved explain = governance(later).resolve(request(false));
        assertThat(explain.warnings()).anyMatch(w -> w.contains("max_stale_hours"));
        assertThatThrownBy(() -> governance(later).resolve(request(false).asLaunch()))
                .isInstanceOf(GovernanceException.class).hasMessageContaining("refusing to launch on stale policy");
    }

    @Test
    void offlineWithNothingCachedSaysHowToFixIt() {
        assertThatThrownBy(() -> governance(Instant.parse("2026-06-01T12:00:00Z")).resolve(request(true)))
                .hasMessageContaining("offline").hasMessageContaining("scc org update");
    }

    private int cli(Instant now, java.io.StringWriter out, String... args) {
        return dev.scc.cli.Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(new java.io.StringWriter(), true),
                new CliServices(Map.of(), home, Clock.fixed(now, ZoneOffset.UTC)).allowLoopbackHttpForTests(), args);
    }

    @Test
    void orgUpdateAndStatusReportTheConnectedSourceAndRefuseStalePolicy() throws IOException {
        java.nio.file.Files.createDirectories(home.resolve(".config/scc"));
        java.nio.file.Files.writeString(home.resolve(".config/scc/config.json"),
                "{\"organization_source\":{\"url\":\"" + url + "\"}}");
        Instant t0 = Instant.parse("2026-06-01T12:00:00Z");
        java.io.StringWriter out = new java.io.StringWriter();
        assertThat(cli(t0, out, "org", "update", "--json")).isZero();
        assertThat(out.toString()).contains("\"origin\" : \"fetched\"", "\"organization\" : \"acme\"");
        server.stop(0);
        assertThat(cli(t0.plusSeconds(10), new java.io.StringWriter(), "org", "update")).isEqualTo(3);
        java.io.StringWriter fresh = new java.io.StringWriter();
        assertThat(cli(t0.plusSeconds(20), fresh, "org", "status")).isZero();
        assertThat(fresh.toString()).contains("Launches:   accepted (max age 24h)");
        java.io.StringWriter stale = new java.io.StringWriter();
        assertThat(cli(t0.plus(Duration.ofHours(30)), stale, "org", "status")).isEqualTo(3);
        assertThat(stale.toString()).contains("REFUSED until 'scc org update' succeeds");
    }
}
