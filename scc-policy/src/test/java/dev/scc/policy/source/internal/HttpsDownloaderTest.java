package dev.scc.policy.source.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The archive downloader against a loopback server (plain HTTP is allowed to loopback in tests only). */
class HttpsDownloaderTest {
    private HttpServer server;
    private String base;
    private final List<String> authHeaders = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/a.zip", x -> {
            authHeaders.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
            byte[] b = "archive".getBytes();
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.createContext("/moved.zip", x -> {
            x.getResponseHeaders().add("Location", "/a.zip");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.createContext("/away.zip", x -> {
            // never followed: the downloader refuses plain HTTP to a non-loopback host before connecting
            x.getResponseHeaders().add("Location", "http://skills.example.invalid/a.zip");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.createContext("/big.zip", x -> {
            x.sendResponseHeaders(200, 0);
            x.getResponseBody().write(new byte[64 * 1024]);
            x.close();
        });
        server.createContext("/gone.zip", x -> {
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpsDownloader loopback() {
        return new HttpsDownloader(Duration.ofSeconds(5), 1024, true);
    }

    @Test
    void downloadsFollowsARedirectAndSendsNoCredentials() throws IOException {
        assertThat(new String(loopback().download(URI.create(base + "/moved.zip")))).isEqualTo("archive");
        assertThat(authHeaders).containsExactly("null");
    }

    @Test
    void refusesPlainHttpOutsideLoopbackErrorStatusesAndOversizedBodies() {
        assertThatThrownBy(() -> loopback().download(URI.create(base + "/away.zip")))
                .hasMessageContaining("only HTTPS is allowed");
        assertThatThrownBy(() -> loopback().download(URI.create(base + "/gone.zip"))).hasMessageContaining("HTTP 404");
        assertThatThrownBy(() -> loopback().download(URI.create(base + "/big.zip")))
                .hasMessageContaining("larger than 1024 bytes");
        assertThatThrownBy(() -> new HttpsDownloader(Duration.ofSeconds(5), 1024, false)
                .download(URI.create(base + "/a.zip"))).hasMessageContaining("only HTTPS is allowed");
        assertThat(authHeaders).isEmpty();
    }
}
