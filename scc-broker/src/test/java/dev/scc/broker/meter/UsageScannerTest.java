package dev.scc.broker.meter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class UsageScannerTest {
    static final String ANTHROPIC = """
            event: message_start
            data: {"type":"message_start","message":{"model":"claude-x","usage":{"input_tokens":12,"cache_read_input_tokens":100,"output_tokens":1}}}

            event: content_block_delta
            data: {"type":"content_block_delta","delta":{"type":"text_delta","text":"a \\"usage\\" word"}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":7}}

            event: message_delta
            data: {"type":"message_delta","usage":{"output_tokens":42}}

            event: message_stop
            data: {"type":"message_stop"}

            """;
    static final String OPENAI = """
            event: response.created
            data: {"type":"response.created","response":{"model":"gpt-x","usage":null}}

            event: response.completed
            data: {"type":"response.completed","response":{"model":"gpt-x","usage":{"input_tokens":300,"output_tokens":25,"total_tokens":325}}}

            """;

    static Usage scan(String contentType, String body, List<Integer> cuts) {
        UsageScanner s = new UsageScanner(contentType);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        int off = 0;
        for (int cut : cuts) {
            int n = Math.min(cut, b.length - off);
            s.accept(b, off, n);
            off += n;
        }
        s.accept(b, off, b.length - off);
        return s.finish().orElseThrow();
    }

    @Test
    void anthropicStreamCountsInputWithCacheAndTheLastCumulativeOutput() {
        assertThat(scan("text/event-stream", ANTHROPIC, List.of())).isEqualTo(new Usage("claude-x", 112, 42));
    }

    @Test
    void openAiResponsesStreamCountsTheCompletedUsage() {
        assertThat(scan("text/event-stream; charset=utf-8", OPENAI, List.of())).isEqualTo(new Usage("gpt-x", 300, 25));
    }

    @Test
    void plainJsonBodiesOfEachApiAreRead() {
        assertThat(scan("application/json", "{\"model\":\"m\",\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}",
                List.of(5))).isEqualTo(new Usage("m", 3, 4));
        assertThat(scan("application/json", "{\"model\":\"c\",\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1}}",
                List.of())).isEqualTo(new Usage("c", 9, 1));
    }

    @Test
    void responseWithoutUsageReportsNothing() {
        UsageScanner s = new UsageScanner("application/json");
        s.accept("{\"input_tokens\": 5}".getBytes(StandardCharsets.UTF_8), 0, 19);
        assertThat(s.finish()).isEmpty();
    }

    @Property(tries = 300)
    void howTheStreamIsCutIntoReadsDoesNotChangeTheUsage(
            @ForAll @Size(max = 40) List<@IntRange(min = 1, max = 64) Integer> cuts) {
        assertThat(scan("text/event-stream", ANTHROPIC, cuts)).isEqualTo(new Usage("claude-x", 112, 42));
        assertThat(scan("text/event-stream", OPENAI, cuts)).isEqualTo(new Usage("gpt-x", 300, 25));
    }

    @Property(tries = 500)
    void theWordWiseNewlineSearchFindsWhatAByteByByteSearchFinds(
            @ForAll @Size(max = 70) List<@IntRange(min = 0, max = 255) Integer> bytes,
            @ForAll @IntRange(min = 0, max = 70) int from) {
        byte[] b = new byte[bytes.size()];
        for (int i = 0; i < b.length; i++) {
            // newlines often, and bytes whose XOR with '\n' borrows (0x0b, 0x8a) beside them
            int v = bytes.get(i);
            b[i] = (byte) (v < 40 ? '\n' : v < 60 ? 0x0b : v < 80 ? 0x8a : v);
        }
        int start = Math.min(from, b.length);
        int expected = -1;
        for (int i = start; i < b.length; i++) {
            if (b[i] == '\n') {
                expected = i;
                break;
            }
        }
        assertThat(UsageScanner.newline(b, start, b.length)).isEqualTo(expected);
    }

    @Test
    void aDataLineWithoutUsageIsNotParsedAndALaterOneIs() {
        UsageScanner s = new UsageScanner("text/event-stream");
        byte[] text = ("data: {\"type\":\"content_block_delta\",\"delta\":{\"text\":\"usage without quotes\"}}\n\n"
                + ": comment \"usage\" {\"usage\":{\"input_tokens\":99}}\n"
                + "data: {\"type\":\"message_delta\",\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}\n")
                .getBytes(StandardCharsets.UTF_8);
        s.accept(text, 0, text.length);
        assertThat(s.finish()).contains(new Usage("", 3, 4));
    }
}
