package dev.scc.broker.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted Anthropic Messages / OpenAI Responses endpoint over TLS on loopback (a fake for what is outside the
 * machine). It records the headers of every request (so a test can check the real key arrived and the placeholder
 * never did) and answers with SSE whose usage the test chooses. In gated mode each event waits for the test to
 * release it, so a test can see events arrive before the response is complete.
 */
public final class FakeModelApi implements AutoCloseable {
    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** What one request carried. */
    public record Seen(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue())).findFirst().orElse("");
        }
    }

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile long inputTokens = 10;
    private volatile long outputTokens = 5;
    private volatile BlockingQueue<Boolean> gate;
    private volatile int bulkBytes;

    public FakeModelApi(String cert) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(TestTls.server(cert)));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code https://localhost:PORT}. */
    public URI uri() {
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The usage the next answers report. */
    public void usage(long input, long output) {
        this.inputTokens = input;
        this.outputTokens = output;
    }

    /** From now on each SSE event waits for {@link #release()}. */
    public void gated() {
        gate = new LinkedBlockingQueue<>();
    }

    /** Lets one gated event go. */
    public void release() {
        gate.add(Boolean.TRUE);
    }

    /** Answers GET /bulk with this many bytes of SSE comment lines (throughput benchmark). */
    public void bulk(int bytes) {
        this.bulkBytes = bytes;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()),
                    body));
            String path = ex.getRequestURI().getPath();
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            if (path.endsWith("/bulk")) {
                ex.sendResponseHeaders(200, 0);
                byte[] chunk = (": " + "x".repeat(8189) + "\n\n").getBytes(StandardCharsets.US_ASCII);
                try (OutputStream out = ex.getResponseBody()) {
                    for (int sent = 0; sent < bulkBytes; sent += chunk.length) {
                        out.write(chunk);
                    }
                }
                return;
            }
            List<String> events = path.endsWith("/responses") ? openAi() : anthropic();
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (String e : events) {
                BlockingQueue<Boolean> g = gate;
                if (g != null && g.poll(10, TimeUnit.SECONDS) == null) {
                    throw new IOException("test never released the event");
                }
                out.write(e.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> anthropic() {
        return List.of(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":"
                        + "\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"usage\":"
                        + "{\"input_tokens\":" + inputTokens + ",\"output_tokens\":1}}}\n\n",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"text\",\"text\":\"\"}}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":\"done\"}}\n\n",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                        + "\"usage\":{\"output_tokens\":" + outputTokens + "}}\n\n",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }

    private List<String> openAi() {
        return List.of(
                "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\","
                        + "\"model\":\"gpt-test\",\"output\":[]}}\n\n",
                "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"output_index\":0,"
                        + "\"item\":{\"type\":\"message\",\"role\":\"assistant\",\"id\":\"m1\",\"content\":[{\"type\":"
                        + "\"output_text\",\"text\":\"done\"}]}}\n\n",
                "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\","
                        + "\"model\":\"gpt-test\",\"output\":[],\"usage\":{\"input_tokens\":" + inputTokens
                        + ",\"output_tokens\":" + outputTokens + ",\"total_tokens\":" + (inputTokens + outputTokens)
                        + "}}}\n\n");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
