package dev.scc.broker.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scc.broker.config.BrokerConfig;
import dev.scc.broker.config.Destination;
import dev.scc.broker.credential.CredentialVault;
import dev.scc.broker.git.PktLineException;
import dev.scc.broker.git.PushPolicy;
import dev.scc.broker.git.ReceivePackReport;
import dev.scc.broker.git.ReceivePackRequest;
import dev.scc.broker.meter.TokenMeter;
import dev.scc.broker.meter.Usage;
import dev.scc.broker.meter.UsageScanner;
import dev.scc.policy.audit.AuditEvent;
import dev.scc.policy.audit.AuditException;
import dev.scc.policy.audit.AuditLog;
import dev.scc.safety.audit.Redactor;
import dev.scc.safety.approval.ApprovalGate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The credential broker's plain-HTTP endpoint on the sandbox's internal network. Each configured destination has a
 * route ({@code /anthropic}, {@code /openai}, {@code /git/github.com}, {@code /mcp/NAME}); a request there is
 * forwarded over verified TLS to the destination's upstream with the real credential in the configured header, and
 * whatever credential header the sandbox sent (its placeholder) is dropped. Responses stream through unbuffered.
 * Model API calls must carry the session's placeholder, are checked against the token budgets first and metered
 * afterwards ({@code broker.usage} audit records). Git traffic is limited to smart HTTP; each push's ref updates are
 * judged by the {@link PushPolicy} before any of it is forwarded. Anything the broker cannot decide fails closed
 * with an error the client shows.
 */
public final class BrokerServer implements AutoCloseable {
    static {
        // The JDK server otherwise leaves Nagle on: small SSE events would wait for the client's delayed ACK.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Largest command section of a push read before deciding (thousands of refs fit). */
    static final int MAX_PUSH_COMMANDS_BYTES = 1024 * 1024;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade", "host",
            "content-length", "expect", "date", "from", "via", "warning", "http2-settings");
    private static final Pattern GIT_INFO_REFS = Pattern.compile("/[A-Za-z0-9._~%+/-]+/info/refs");
    private static final Pattern GIT_RPC = Pattern.compile("/[A-Za-z0-9._~%+/-]+/git-(upload|receive)-pack");

    private final BrokerConfig config;
    private final CredentialVault vault;
    private final TokenMeter meter;
    private final AuditLog audit;
    private final ApprovalGate approvals;
    private final String sessionId;
    private final Consumer<String> log;
    private final Redactor redactor;
    private final UpstreamClient client;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Destination> byRouteLength;
    private volatile boolean meteringBroken;

    /**
     * @param config destinations, limits and push policy
     * @param vault the credentials read on the host, with their placeholders
     * @param tls the upstream TLS context ({@link UpstreamTls#context})
     * @param meter token budgets
     * @param audit where usage and refusals are recorded (redacted with the vault's values)
     * @param approvals the approval channel for pushes whose rule asks for approval
     * @param sessionId the session this broker serves
     * @param bind the address to listen on (the internal network's address; port 0 picks one)
     * @param log operational log lines (already redacted)
     */
    public BrokerServer(BrokerConfig config, CredentialVault vault, SSLContext tls, TokenMeter meter, AuditLog audit,
            ApprovalGate approvals, String sessionId, InetSocketAddress bind, Consumer<String> log) throws IOException {
        this.config = config;
        this.vault = vault;
        this.meter = meter;
        this.audit = audit;
        this.approvals = approvals;
        this.sessionId = sessionId;
        this.redactor = vault.redactor();
        this.log = line -> log.accept(redactor.redact(line));
        for (Destination d : config.destinations()) {
            if (vault.get(d.credential()).isEmpty()) {
                throw new IllegalArgumentException("destination '" + d.name() + "' needs credential '" + d.credential()
                        + "', which was not read");
            }
        }
        List<Destination> sorted = new ArrayList<>(config.destinations());
        sorted.sort(Comparator.comparingInt((Destination d) -> d.route().length()).reversed());
        this.byRouteLength = List.copyOf(sorted);
        this.client = new UpstreamClient(tls, Duration.ofSeconds(10));
        ThreadFactoryHolder threads = new ThreadFactoryHolder();
        this.executor = new ThreadPoolExecutor(2, 256, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "scc-broker-" + threads.next());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(bind, 128);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    private static final class ThreadFactoryHolder {
        private int n;

        synchronized int next() {
            return ++n;
        }
    }

    public BrokerServer start() {
        server.start();
        return this;
    }

    /** The address the broker listens on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The tokens this session used so far. */
    public long sessionTokens() {
        return meter.sessionUsed();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            // Let responses that are ending write their usage records.
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        client.close();
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            Optional<Destination> match = route(path);
            if (match.isEmpty()) {
                reply(ex, 404, ApiErrors.body(Destination.Dialect.PLAIN, "not_found", "SCC credential broker: no"
                        + " brokered destination at " + path + ". Brokered: " + routes() + "."));
                return;
            }
            Destination d = match.get();
            String rest = path.substring(d.route().length());
            if (!rest.isEmpty() && !rest.startsWith("/")) {
                reply(ex, 404, ApiErrors.body(d.dialect(), "not_found_error", "SCC credential broker: no brokered"
                        + " destination at " + path));
                return;
            }
            switch (d.kind()) {
                case MODEL_API -> model(ex, d, rest);
                case GIT -> git(ex, d, rest);
                case MCP -> forward(ex, d, rest, ex.getRequestBody(), Optional.empty());
            }
        } catch (IOException | RuntimeException e) {
            log.accept("broker: request failed: " + e);
            if (ex.getResponseCode() < 0) {
                try {
                    reply(ex, 500, ApiErrors.body(Destination.Dialect.PLAIN, "internal", "SCC credential broker:"
                            + " internal error (" + e.getClass().getSimpleName() + "); nothing more was forwarded."));
                } catch (IOException ignored) {
                    // the client is gone
                }
            }
        }
    }

    private Optional<Destination> route(String path) {
        return byRouteLength.stream()
                .filter(d -> path.equals(d.route()) || path.startsWith(d.route() + "/")).findFirst();
    }

    private String routes() {
        return config.destinations().stream().map(Destination::route).sorted().toList().toString();
    }

    // ---- model APIs -------------------------------------------------------------------------------------------

    private void model(HttpExchange ex, Destination d, String rest) throws IOException {
        String placeholder = vault.get(d.credential()).orElseThrow().placeholder();
        if (!carriesPlaceholder(ex.getRequestHeaders(), d, placeholder)) {
            reply(ex, 401, ApiErrors.body(d.dialect(), "authentication_error", "SCC credential broker: this request"
                    + " does not carry the session's credential placeholder, so the broker does not add the real"
                    + " credential. Use the API key variable SCC set in the sandbox."));
            return;
        }
        if (meteringBroken) {
            reply(ex, 503, ApiErrors.body(d.dialect(), "api_error", "SCC credential broker: token usage can no"
                    + " longer be recorded in the audit log, so no further model calls are forwarded (fail closed)."
                    + " Check the broker's audit log location."));
            return;
        }
        Optional<TokenMeter.Refusal> refusal = meter.check();
        if (refusal.isPresent()) {
            decision(d, "model call", d.upstream().getHost() + rest, "block", refusal.get().rule(),
                    refusal.get().message());
            reply(ex, 400, ApiErrors.body(d.dialect(), "invalid_request_error", refusal.get().message()));
            return;
        }
        forward(ex, d, rest, ex.getRequestBody(), Optional.of(usage -> recordUsage(d, usage)));
    }

    private static boolean carriesPlaceholder(Headers h, Destination d, String placeholder) {
        for (String name : List.of("x-api-key", "authorization", d.injection().header())) {
            List<String> values = h.get(name);
            if (values == null) {
                continue;
            }
            for (String v : values) {
                String token = v.regionMatches(true, 0, "Bearer ", 0, 7) ? v.substring(7).strip() : v.strip();
                if (token.equals(placeholder)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void recordUsage(Destination d, Usage usage) {
        meter.add(usage);
        try {
            audit.append(new AuditEvent.TokenUsage(sessionId, config.team(), d.name(), usage.model(),
                    usage.inputTokens(), usage.outputTokens()));
        } catch (AuditException e) {
            meteringBroken = true;
            log.accept("broker: cannot record token usage, refusing further model calls: " + e.getMessage());
        }
    }

    // ---- git smart HTTP ---------------------------------------------------------------------------------------

    private void git(HttpExchange ex, Destination d, String rest) throws IOException {
        String method = ex.getRequestMethod();
        String query = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("");
        boolean infoRefs = "GET".equals(method) && GIT_INFO_REFS.matcher(rest).matches()
                && (query.equals("service=git-upload-pack") || query.equals("service=git-receive-pack"));
        boolean rpc = "POST".equals(method) && GIT_RPC.matcher(rest).matches();
        if ((!infoRefs && !rpc) || rest.contains("/../") || rest.contains("/./")) {
            reply(ex, 403, ApiErrors.body(d.dialect(), "forbidden", "SCC credential broker: only git smart HTTP"
                    + " (info/refs, git-upload-pack, git-receive-pack) is forwarded to " + d.upstream().getHost()
                    + "; refused " + method + " " + rest));
            return;
        }
        if (!rest.endsWith("/git-receive-pack")) {
            forward(ex, d, rest, ex.getRequestBody(), Optional.empty());
            return;
        }
        String encoding = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Encoding")).orElse("identity");
        if (!"identity".equalsIgnoreCase(encoding)) {
            reply(ex, 415, ApiErrors.body(d.dialect(), "unsupported", "SCC credential broker: a push body with"
                    + " Content-Encoding " + encoding + " cannot be inspected; refused"));
            return;
        }
        Optional<Long> declared = contentLength(ex.getRequestHeaders());
        if (declared.isPresent() && declared.get() > config.maxRequestBytes()) {
            reply(ex, 413, ApiErrors.body(d.dialect(), "too_large", tooLarge(declared.get())));
            return;
        }
        InputStream body = new LimitedInputStream(ex.getRequestBody(), config.maxRequestBytes());
        ReceivePackRequest push;
        try {
            push = ReceivePackRequest.read(body, MAX_PUSH_COMMANDS_BYTES);
        } catch (PktLineException e) {
            decision(d, "git push", d.route().substring(5) + rest, "block", "git.push_malformed", e.getMessage());
            reply(ex, 400, ApiErrors.body(d.dialect(), "bad_request", "SCC credential broker: " + e.getMessage()));
            return;
        } catch (LimitedInputStream.TooLarge e) {
            reply(ex, 413, ApiErrors.body(d.dialect(), "too_large", tooLarge(config.maxRequestBytes() + 1)));
            return;
        }
        String repo = d.route().substring("/git/".length()) + rest.substring(0, rest.length() - "/git-receive-pack"
                .length());
        Map<String, String> refused = new LinkedHashMap<>();
        List<String> message = new ArrayList<>();
        for (PushPolicy.Verdict v : config.push().judge(push.updates())) {
            if (!(v instanceof PushPolicy.Verdict.Stop stop)) {
                continue;
            }
            String target = repo + " " + stop.update().ref();
            if (stop.approval()) {
                ApprovalGate.Outcome outcome = approvals.check(new ApprovalGate.Request(List.of("git", "push", repo,
                        stop.update().oldId() + ":" + stop.update().newId() + ":" + stop.update().ref()),
                        "broker:" + d.name(), stop.rule(), stop.reason(), sessionId));
                if (outcome.approved()) {
                    decision(d, "git push", target, "allow", stop.rule(), "approved: " + outcome.message());
                    continue;
                }
                refused.put(stop.update().ref(), "approval required (" + stop.rule() + ")");
                message.add("SCC: " + outcome.message());
                decision(d, "git push", target, "require_approval", stop.rule(), stop.reason());
            } else {
                refused.put(stop.update().ref(), "refused by SCC (" + stop.rule() + ")");
                message.add("SCC: push refused: " + stop.reason() + ".");
                decision(d, "git push", target, "block", stop.rule(), stop.reason());
            }
        }
        if (!refused.isEmpty()) {
            drain(body);
            byte[] report = ReceivePackReport.refusal(push, refused, message);
            ex.getResponseHeaders().set("Content-Type", "application/x-git-receive-pack-result");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, report.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(report);
            }
            return;
        }
        forward(ex, d, rest, new SequenceInputStream(new ByteArrayInputStream(push.consumed()), body),
                Optional.empty());
    }

    private static void drain(InputStream body) throws IOException {
        byte[] buf = new byte[65536];
        try {
            while (body.read(buf) >= 0) {
                // the client sends its pack before it reads the result
            }
        } catch (LimitedInputStream.TooLarge e) {
            // the refusal is sent anyway; the connection is closed afterwards
        }
    }

    private String tooLarge(long size) {
        return "SCC credential broker: request body of " + size + " bytes exceeds broker.max_request_bytes ("
                + config.maxRequestBytes() + "); refused";
    }

    // ---- forwarding -------------------------------------------------------------------------------------------

    private void forward(HttpExchange ex, Destination d, String rest, InputStream body,
            Optional<Consumer<Usage>> metered) throws IOException {
        Headers in = ex.getRequestHeaders();
        Optional<Long> length = contentLength(in);
        if (length.isPresent() && length.get() > config.maxRequestBytes()) {
            reply(ex, 413, ApiErrors.body(d.dialect(), "request_too_large", tooLarge(length.get())));
            return;
        }
        URI target = target(d, rest, ex.getRequestURI().getRawQuery());
        Set<String> drop = new java.util.HashSet<>(List.of("authorization", "x-api-key"));
        drop.add(d.injection().header().toLowerCase(Locale.ROOT));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, List<String>> h : in.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || drop.contains(name)
                    || (metered.isPresent() && "accept-encoding".equals(name))) {
                continue;
            }
            for (String v : h.getValue()) {
                headers.add(Map.entry(h.getKey(), v));
            }
        }
        headers.add(Map.entry(d.injection().header(), d.injection().value(vault.get(d.credential()).orElseThrow()
                .secret().reveal())));
        boolean chunked = "chunked".equalsIgnoreCase(in.getFirst("Transfer-Encoding"));
        InputStream limited = body instanceof LimitedInputStream ? body
                : new LimitedInputStream(body, config.maxRequestBytes());
        boolean hasBody = (length.isPresent() && length.get() > 0) || chunked;
        UpstreamClient.Response r;
        try {
            r = client.send(target, ex.getRequestMethod(), headers, hasBody ? limited : null,
                    length.isPresent() ? length.get() : -1);
        } catch (IOException | RuntimeException e) {
            if (causedBy(e, LimitedInputStream.TooLarge.class)) {
                reply(ex, 413, ApiErrors.body(d.dialect(), "request_too_large", tooLarge(config.maxRequestBytes()
                        + 1)));
                return;
            }
            String why = upstreamFailure(d, e);
            log.accept("broker: " + why);
            reply(ex, 502, ApiErrors.body(d.dialect(), "api_error", why));
            return;
        }
        Headers out = ex.getResponseHeaders();
        for (Map.Entry<String, String> h : r.headers()) {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                out.add(h.getKey(), h.getValue());
            }
        }
        long responseLength = r.contentLength();
        boolean noBody = "HEAD".equals(ex.getRequestMethod()) || r.status() == 204 || r.status() == 304
                || responseLength == 0;
        ex.sendResponseHeaders(r.status(), noBody ? -1 : Math.max(responseLength, 0));
        String contentType = Optional.ofNullable(r.header("Content-Type")).orElse("");
        Optional<UsageScanner> scanner = metered.map(m -> new UsageScanner(contentType));
        try (InputStream up = r.body(); OutputStream down = ex.getResponseBody()) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = up.read(buf)) >= 0) {
                down.write(buf, 0, n);
                if (scanner.isPresent()) {
                    scanner.get().accept(buf, 0, n);
                }
                if (up.available() == 0) {
                    down.flush();
                }
            }
            // Recorded before the response ends, so a client that saw the end can rely on the record.
            if (scanner.isPresent()) {
                scanner.get().finish().ifPresent(metered.get());
            }
        }
    }

    private static URI target(Destination d, String rest, String rawQuery) {
        String base = d.upstream().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + rest + (rawQuery == null ? "" : "?" + rawQuery));
    }

    private static String upstreamFailure(Destination d, Exception e) {
        String host = d.upstream().getHost() + (d.upstream().getPort() > 0 ? ":" + d.upstream().getPort() : "");
        if (causedBy(e, SSLException.class)) {
            return "SCC credential broker: TLS to " + host + " failed verification (" + rootMessage(e) + "). The"
                    + " broker trusts the system CAs and broker.ca_bundle only; nothing was sent.";
        }
        if (causedBy(e, ConnectException.class)) {
            return "SCC credential broker: cannot connect to " + host + " (" + rootMessage(e) + ").";
        }
        if (causedBy(e, java.net.SocketTimeoutException.class)) {
            return "SCC credential broker: " + host + " did not answer in time.";
        }
        return "SCC credential broker: request to " + host + " failed (" + rootMessage(e) + ").";
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static Optional<Long> contentLength(Headers h) {
        String v = h.getFirst("Content-Length");
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return Optional.of(Long.MAX_VALUE);
        }
    }

    private void decision(Destination d, String action, String target, String decision, String rule, String reason) {
        try {
            audit.append(new AuditEvent.BrokerDecision(sessionId, d.name(), action, target, decision, rule, reason));
        } catch (AuditException e) {
            log.accept("broker: cannot record decision: " + e.getMessage());
        }
        log.accept("broker: " + decision + " " + action + " " + target + " (" + rule + ")");
    }

    private static void reply(HttpExchange ex, int status, ApiErrors.Body body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", body.contentType());
        ex.getResponseHeaders().set("X-SCC-Broker", "refused");
        ex.sendResponseHeaders(status, body.bytes().length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body.bytes());
        }
    }
}
