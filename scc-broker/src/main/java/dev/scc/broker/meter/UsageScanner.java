package dev.scc.broker.meter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads the usage a model API response reports while the bytes stream past, without holding the stream back.
 * Server-sent events are scanned line by line ({@code data: {…}} lines that mention {@code usage}): Anthropic's
 * {@code message_start} (input and cache tokens) and {@code message_delta} (cumulative output tokens), OpenAI's
 * {@code response.completed} ({@code response.usage}). A plain JSON body is parsed once complete ({@code usage} of a
 * Messages, Responses or Chat Completions answer). Not thread-safe: one scanner per response.
 */
public final class UsageScanner {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A line or body longer than this is not scanned (it is passed through all the same). */
    static final int MAX_BUFFERED = 4 * 1024 * 1024;

    private final boolean eventStream;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean overflow;
    private String model = "";
    private long input = -1;
    private long output = -1;

    /** @param contentType the response's {@code Content-Type} */
    public UsageScanner(String contentType) {
        this.eventStream = contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
    }

    /** Feeds bytes as they pass. */
    public void accept(byte[] b, int off, int len) {
        if (!eventStream) {
            if (pending.size() + len <= MAX_BUFFERED) {
                pending.write(b, off, len);
            } else {
                overflow = true;
            }
            return;
        }
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                append(b, start, i - start);
                line();
                start = i + 1;
            }
        }
        append(b, start, off + len - start);
    }

    private void append(byte[] b, int off, int len) {
        if (overflow || len == 0) {
            return;
        }
        if (pending.size() < 5) {
            // Only "data:" lines can hold usage; decide from the first five bytes and skip the rest of others.
            int head = Math.min(len, 5 - pending.size());
            pending.write(b, off, head);
            off += head;
            len -= head;
            if (pending.size() == 5 && !pending.toString(StandardCharsets.US_ASCII).equals("data:")) {
                overflow = true;
                return;
            }
        }
        if (pending.size() + len > MAX_BUFFERED) {
            overflow = true;
            pending.reset();
            return;
        }
        pending.write(b, off, len);
    }

    private void line() {
        if (!overflow && pending.size() > 5) {
            String line = pending.toString(StandardCharsets.UTF_8);
            if (line.startsWith("data:") && line.contains("\"usage\"")) {
                parse(line.substring(5).strip());
            }
        }
        overflow = false;
        pending.reset();
    }

    /** The usage seen, once the response is complete; empty if it reported none. */
    public Optional<Usage> finish() {
        if (eventStream) {
            line();
        } else if (!overflow && pending.size() > 0) {
            parse(pending.toString(StandardCharsets.UTF_8));
        }
        if (input < 0 && output < 0) {
            return Optional.empty();
        }
        return Optional.of(new Usage(model, Math.max(0, input), Math.max(0, output)));
    }

    private void parse(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (java.io.IOException e) {
            return;
        }
        if (n == null || !n.isObject()) {
            return;
        }
        for (JsonNode holder : new JsonNode[] {n, n.path("message"), n.path("response")}) {
            if (holder.path("model").isTextual() && model.isEmpty()) {
                model = holder.path("model").asText();
            }
            JsonNode u = holder.path("usage");
            if (u.isObject()) {
                long in = sum(u, "input_tokens", "prompt_tokens", "cache_creation_input_tokens",
                        "cache_read_input_tokens");
                long out = sum(u, "output_tokens", "completion_tokens");
                // Anthropic repeats cumulative counts; the largest seen is the response's total.
                input = Math.max(input, in);
                output = Math.max(output, out);
            }
        }
    }

    private static long sum(JsonNode u, String... fields) {
        long s = -1;
        for (String f : fields) {
            if (u.path(f).isIntegralNumber()) {
                s = Math.max(s, 0) + Math.max(0, u.path(f).asLong());
            }
        }
        return s;
    }
}
