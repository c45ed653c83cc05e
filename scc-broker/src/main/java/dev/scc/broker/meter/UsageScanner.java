package dev.scc.broker.meter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);

    private final boolean eventStream;
    /** The current line (event stream) or the body so far (JSON), without a per-read copy into a stream. */
    private byte[] pending = new byte[256];
    private int size;
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
            if (!overflow && size + len <= MAX_BUFFERED) {
                keep(b, off, len);
            } else {
                overflow = true;
            }
            return;
        }
        int end = off + len;
        int start = off;
        int i = off;
        while (true) {
            i = newline(b, i, end);
            if (i < 0) {
                break;
            }
            if (size == 0 && !overflow) {
                // The whole line is in this read: judged where it lies, never copied.
                scan(b, start, i);
            } else {
                append(b, start, i - start);
                line();
            }
            start = ++i;
        }
        append(b, start, end - start);
    }

    /**
     * The index of the first {@code '\n'} in {@code b[from, end)}, or -1: eight bytes at a time (a word whose bytes
     * XOR '\n' holds a zero byte holds a newline), since every byte of a stream passes through here.
     */
    static int newline(byte[] b, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long zero = (x - ONES) & ~x & HIGHS;
            if (zero != 0) {
                return i + (Long.numberOfTrailingZeros(zero) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(byte[] b, int off, int len) {
        if (overflow || len == 0) {
            return;
        }
        if (size < DATA.length) {
            // Only "data:" lines can hold usage; decide from the first five bytes and skip the rest of others.
            int head = Math.min(len, DATA.length - size);
            for (int k = 0; k < head; k++) {
                if (b[off + k] != DATA[size + k]) {
                    overflow = true;
                    size = 0;
                    return;
                }
            }
        }
        if (size + len > MAX_BUFFERED) {
            overflow = true;
            size = 0;
            return;
        }
        keep(b, off, len);
    }

    private void keep(byte[] b, int off, int len) {
        if (size + len > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.max(size + len, Math.min(MAX_BUFFERED,
                    pending.length * 2)));
        }
        System.arraycopy(b, off, pending, size, len);
        size += len;
    }

    private void line() {
        if (!overflow) {
            scan(pending, 0, size);
        }
        overflow = false;
        size = 0;
    }

    /** One complete line in {@code b[from, to)}: parsed only if it is a data line holding {@code "usage"}. */
    private void scan(byte[] b, int from, int to) {
        if (to - from <= DATA.length || to - from > MAX_BUFFERED) {
            return;
        }
        for (int k = 0; k < DATA.length; k++) {
            if (b[from + k] != DATA[k]) {
                return;
            }
        }
        // Decoded only when the bytes hold "usage": text deltas (most lines of a stream) never become strings.
        if (contains(b, from + DATA.length, to, USAGE)) {
            parse(new String(b, from + DATA.length, to - from - DATA.length, StandardCharsets.UTF_8).strip());
        }
    }

    private static boolean contains(byte[] b, int from, int end, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= end; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (b[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The usage seen, once the response is complete; empty if it reported none. */
    public Optional<Usage> finish() {
        if (eventStream) {
            line();
        } else if (!overflow && size > 0) {
            parse(new String(pending, 0, size, StandardCharsets.UTF_8));
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
