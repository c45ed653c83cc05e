package dev.scc.broker.bench;

import dev.scc.broker.config.BrokerConfig;
import dev.scc.broker.testing.BrokerFixture;
import dev.scc.broker.testing.FakeModelApi;
import dev.scc.broker.testing.Git;
import dev.scc.testkit.git.GitHttpsHost;
import dev.scc.broker.testing.Orgs;
import dev.scc.broker.testing.TestTls;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Loopback benchmark of the broker against the same upstream reached directly, side by side in one run (rounds
 * alternate so load changes hit both sides alike). Run by {@code bench/broker/run.sh}; results in docs/benchmarks.md.
 * <ol>
 *   <li>time to first byte of a streamed Messages response: direct TLS client vs plain HTTP through the broker
 *   (which forwards over TLS); both keep connections alive, as the CLIs do;</li>
 *   <li>streaming throughput of a large event stream through the same two paths;</li>
 *   <li>a clone of a 100 MB repository by the real git: {@code git http-backend} behind TLS directly (token in an
 *   extra header) vs through the broker.</li>
 * </ol>
 * Arguments: {@code TTFB_ROUNDS STREAM_MB STREAM_ROUNDS GIT_MB GIT_ROUNDS}.
 */
public final class BrokerBench {
    static final String KEY = "sk-ant-api03-" + "k".repeat(95);
    static final String TOKEN = "ghp_" + "b".repeat(36);

    public static void main(String[] args) throws Exception {
        int ttfbRounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int streamMb = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int streamRounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int gitMb = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int gitRounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        Path tmp = Files.createTempDirectory("scc-broker-bench");
        try (FakeModelApi up = new FakeModelApi("test")) {
            BrokerConfig config = Orgs.config(Orgs.header() + """
                    broker:
                      ca_bundle: %s
                      credentials: {anthropic-key: {env: ANTHROPIC_API_KEY}}
                      destinations:
                        - {name: anthropic, type: model-api, provider: anthropic, credential: anthropic-key, upstream: "%s"}
                    """.formatted(TestTls.testCa(), up.uri()));
            try (BrokerFixture broker = new BrokerFixture(config, Map.of("anthropic-key", KEY),
                    tmp.resolve("audit.jsonl"))) {
                HttpClient direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .sslContext(trusting(TestTls.testCa())).build();
                HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI directUri = URI.create(up.uri() + "/v1/messages");
                URI brokerUri = URI.create(broker.uri() + "/anthropic/v1/messages");
                String placeholder = broker.placeholder("anthropic-key");
                ttfb(direct, directUri, KEY, plain, brokerUri, placeholder, ttfbRounds);
                up.bulk(streamMb * 1024 * 1024);
                throughput(direct, URI.create(up.uri() + "/bulk"), KEY, plain,
                        URI.create(broker.uri() + "/anthropic/bulk"), placeholder, streamMb, streamRounds);
            }
        }
        gitFetch(tmp, gitMb, gitRounds);
    }

    static void ttfb(HttpClient direct, URI directUri, String key, HttpClient plain, URI brokerUri, String placeholder,
            int rounds) throws Exception {
        List<Long> d = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        for (int i = 0; i < rounds + 50; i++) {
            long dt = firstByte(direct, directUri, key);
            long bt = firstByte(plain, brokerUri, placeholder);
            if (i >= 50) {
                d.add(dt);
                b.add(bt);
            }
        }
        double dm = median(d) / 1e6;
        double bm = median(b) / 1e6;
        System.out.printf("ttfb: direct median %.3f ms p95 %.3f ms | broker median %.3f ms p95 %.3f ms | +%.3f ms"
                + " (goal <= +2 ms), %d rounds after 50 warm-up%n", dm, p95(d) / 1e6, bm, p95(b) / 1e6, bm - dm, rounds);
    }

    static long firstByte(HttpClient c, URI uri, String key) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = c.send(HttpRequest.newBuilder(uri).header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (in.read() < 0) {
                throw new IllegalStateException("empty response " + r.statusCode());
            }
            long t = System.nanoTime() - t0;
            in.transferTo(OutputStream.nullOutputStream());
            return t;
        }
    }

    static void throughput(HttpClient direct, URI directUri, String key, HttpClient plain, URI brokerUri,
            String placeholder, int mb, int rounds) throws Exception {
        List<Double> d = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        download(direct, directUri, key);
        download(plain, brokerUri, placeholder);
        for (int i = 0; i < rounds; i++) {
            d.add(download(direct, directUri, key));
            b.add(download(plain, brokerUri, placeholder));
        }
        double dm = medianD(d);
        double bm = medianD(b);
        System.out.printf("stream: direct median %.0f MB/s | broker median %.0f MB/s | ratio %.2f (goal >= 0.9),"
                + " %d MB x %d rounds%n", dm, bm, bm / dm, mb, rounds);
    }

    static double download(HttpClient c, URI uri, String key) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = c.send(HttpRequest.newBuilder(uri).header("x-api-key", key).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long n;
        try (InputStream in = r.body()) {
            n = in.transferTo(OutputStream.nullOutputStream());
        }
        return n / 1048576.0 / ((System.nanoTime() - t0) / 1e9);
    }

    static void gitFetch(Path tmp, int mb, int rounds) throws Exception {
        Git git = new Git(Files.createDirectories(tmp.resolve("home")));
        Path seed = Files.createDirectories(tmp.resolve("seed"));
        git.ok(seed, "init", "-q", "-b", "main");
        Random random = new Random(42);
        byte[] chunk = new byte[4 * 1024 * 1024];
        for (int i = 0; i < mb / 4; i++) {
            random.nextBytes(chunk);
            Files.write(seed.resolve("blob-" + i + ".bin"), chunk);
        }
        git.ok(seed, "add", ".");
        git.ok(seed, "-c", "user.email=b@example.com", "-c", "user.name=b", "commit", "-q", "-m", "big");
        Path bare = tmp.resolve("github/acme/big.git");
        Files.createDirectories(bare.getParent());
        git.ok(tmp, "clone", "-q", "--bare", "--no-local", seed.toString(), bare.toString());
        git.ok(bare, "repack", "-a", "-d", "-q");
        try (GitHttpsHost github = new GitHttpsHost(tmp.resolve("github"), TOKEN, TestTls.server("test"))) {
            BrokerConfig config = Orgs.config(Orgs.header() + """
                    broker:
                      ca_bundle: %s
                      credentials: {github-token: {env: GITHUB_TOKEN}}
                      destinations:
                        - {name: github, type: git, host: github.com, upstream: "%s", credential: github-token}
                    """.formatted(TestTls.testCa(), github.uri()));
            try (BrokerFixture broker = new BrokerFixture(config, Map.of("github-token", TOKEN),
                    tmp.resolve("audit-git.jsonl"))) {
                String auth = "Authorization: Basic " + Base64.getEncoder().encodeToString(("x-access-token:" + TOKEN)
                        .getBytes(StandardCharsets.UTF_8));
                List<Long> d = new ArrayList<>();
                List<Long> b = new ArrayList<>();
                for (int i = 0; i <= rounds; i++) {
                    long dt = clone(git, tmp, "d" + i, "-c", "http.sslCAInfo=" + TestTls.testCa(), "-c",
                            "http.extraHeader=" + auth, "clone", "-q", "--bare", github.uri() + "/acme/big.git");
                    long bt = clone(git, tmp, "b" + i, "clone", "-q", "--bare", broker.uri()
                            + "/git/github.com/acme/big.git");
                    if (i > 0) {
                        d.add(dt);
                        b.add(bt);
                    }
                }
                double dm = median(d) / 1e6;
                double bm = median(b) / 1e6;
                System.out.printf("git clone %d MB: direct median %.0f ms (%.0f MB/s) | broker median %.0f ms"
                        + " (%.0f MB/s) | throughput ratio %.2f (goal >= 0.8), %d rounds after 1 warm-up%n", mb, dm,
                        mb / (dm / 1000), bm, mb / (bm / 1000), dm / bm, rounds);
            }
        }
    }

    static long clone(Git git, Path tmp, String name, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        a.add(tmp.resolve("clone-" + name).toString());
        long t0 = System.nanoTime();
        git.ok(tmp, a.toArray(String[]::new));
        long t = System.nanoTime() - t0;
        deleteTree(tmp.resolve("clone-" + name));
        return t;
    }

    static void deleteTree(Path p) throws Exception {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(Collections.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    static SSLContext trusting(Path ca) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    static double median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }

    static double medianD(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }

    static double p95(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get((int) Math.ceil(0.95 * s.size()) - 1);
    }
}
