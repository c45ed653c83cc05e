package dev.scc.testkit.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scripted stand-in for a model provider's HTTP API, for driving a real agent CLI without the provider: it answers
 * from a {@link ModelScript} and records every request it receives. Subclasses speak one wire format
 * ({@link FakeAnthropicApi}, {@link FakeOpenAiResponsesApi}, {@link FakeGeminiApi}). Plain HTTP on the address given to {@link #start}; a
 * test puts it where the agent reaches it the way it reaches a real model API (through the sandbox's egress proxy,
 * named as an allowed destination).
 *
 * <p>With a data directory, requests are also appended to {@link RecordedRequest#FILE} there and {@code await}
 * turns look for their marker files there; without one, awaited markers never appear and such a turn gives up after
 * {@link #awaitLimit}.
 */
public abstract class FakeModelApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ModelScript script;
    private final Optional<Path> dataDir;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private Duration awaitLimit = Duration.ofMinutes(5);
    private HttpServer server;

    protected FakeModelApi(ModelScript script, Optional<Path> dataDir) {
        this.script = script;
        this.dataDir = dataDir;
    }

    /** How long an {@code await} turn waits for its marker before it answers that it gave up (default 5 minutes). */
    public FakeModelApi awaitLimit(Duration limit) {
        this.awaitLimit = limit;
        return this;
    }

    /** The file a fake with a data directory records each request's credential headers in, one line each. */
    public static final String CREDENTIALS_FILE = "credentials.txt";

    /** Listens on {@code address} (port 0: any free port) until {@link #close}. */
    public FakeModelApi start(InetSocketAddress address) {
        return start(address, null);
    }

    /**
     * Listens over TLS with {@code tls}'s certificate (a model API behind a test CA, as the credential broker reaches
     * one), or plain HTTP when {@code tls} is null.
     */
    public FakeModelApi start(InetSocketAddress address, javax.net.ssl.SSLContext tls) {
        try {
            if (tls == null) {
                server = HttpServer.create(address, 16);
            } else {
                com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 16);
                https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
        server.createContext("/", this::exchange);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-model-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return this;
    }

    /** {@code http://HOST:PORT} of the running server. */
    public URI baseUrl() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    /** The script this fake answers from. */
    public ModelScript script() {
        return script;
    }

    /** Every request received so far, oldest first. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    /** Answers one request whose JSON body is {@code body}. */
    protected abstract void answer(HttpExchange x, String path, JsonNode body) throws IOException;

    private void exchange(HttpExchange x) throws IOException {
        try {
            byte[] raw = x.getRequestBody().readAllBytes();
            JsonNode body;
            try {
                body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
            } catch (IOException notJson) {
                body = JSON.createObjectNode();
            }
            String path = x.getRequestURI().getPath();
            recordCredentials(x);
            record(new RecordedRequest(x.getRequestMethod(), path, body));
            answer(x, path, body);
        } catch (RuntimeException e) {
            // A fake that dies silently leaves the agent hanging: say what went wrong.
            sendJson(x, 500, error("fake model failed: " + e));
        } finally {
            x.close();
        }
    }

    /** The credential headers as they arrived ({@code x-api-key: …}, {@code authorization: …}), for key checks. */
    private synchronized void recordCredentials(HttpExchange x) throws IOException {
        if (dataDir.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder();
        for (String h : List.of("x-api-key", "authorization")) {
            for (String v : x.getRequestHeaders().getOrDefault(h, List.of())) {
                b.append(h).append(": ").append(v).append('\n');
            }
        }
        if (b.length() == 0) {
            b.append("none\n");
        }
        Files.writeString(dataDir.get().resolve(CREDENTIALS_FILE), b.toString(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private synchronized void record(RecordedRequest r) throws IOException {
        requests.add(r);
        if (dataDir.isPresent()) {
            Files.writeString(dataDir.get().resolve(RecordedRequest.FILE), r.toLine() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** The turn for a conversation with {@code earlierAnswers} model answers, after its {@code await} is met. */
    protected ModelScript.Turn turn(int earlierAnswers) {
        ModelScript.Turn t = script.turn(earlierAnswers);
        if (t.awaits().isEmpty()) {
            return t;
        }
        long deadline = System.nanoTime() + awaitLimit.toNanos();
        while (dataDir.isEmpty() || !Files.exists(dataDir.get().resolve(t.awaits().get()))) {
            if (System.nanoTime() > deadline) {
                return new ModelScript.Say("Gave up waiting for " + t.awaits().get() + ".", Optional.empty());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new ModelScript.Say("Interrupted.", Optional.empty());
            }
        }
        return t;
    }

    /** A fresh id with {@code prefix} for messages, responses and tool calls. */
    protected String id(String prefix) {
        return prefix + "_" + ids.incrementAndGet();
    }

    protected static ObjectNode error(String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "error").putObject("error").put("type", "invalid_request_error").put("message", message);
        return o;
    }

    protected static void sendJson(HttpExchange x, int status, JsonNode body) throws IOException {
        byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    /** An open server-sent events stream. */
    protected static final class Sse implements AutoCloseable {
        private final OutputStream out;

        Sse(HttpExchange x) throws IOException {
            x.getResponseHeaders().set("Content-Type", "text/event-stream");
            x.getResponseHeaders().set("Cache-Control", "no-cache");
            x.sendResponseHeaders(200, 0);
            out = x.getResponseBody();
        }

        /** One event: {@code event: TYPE} and its JSON data, flushed at once. */
        void event(String type, JsonNode data) throws IOException {
            out.write(("event: " + type + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** One unnamed event: only its JSON {@code data} line (the Gemini API's {@code alt=sse} streams), flushed. */
        void data(JsonNode data) throws IOException {
            out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    protected static Sse sse(HttpExchange x) throws IOException {
        return new Sse(x);
    }

    protected static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("tool input is not JSON: " + json, e);
        }
    }
}
