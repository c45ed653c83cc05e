package dev.scc.safety.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.safety.approval.ApprovalWire.AnswerFile;
import dev.scc.safety.approval.internal.ApprovalJson;
import dev.scc.safety.approval.ApprovalWire.RequestFile;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the approval wire format with fixed vectors. The host side (scc-policy's
 * ApprovalFormatTest) asserts the very same strings, so the two implementations cannot drift. The
 * values were cross-checked with an independent Python hashlib/hmac computation.
 */
class ApprovalWireTest {
    static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 0x2a);
    }

    static final List<String> ARGV = List.of("git", "push", "origin", "main; echo \"x\"", "é");
    static final String BINDING = "7fbf009d431c14010aaf94989cdfea5fe56e66cfc4f06ca5cd41ecc12810a0c7";
    static final String REQUEST_MAC = "6950dd7ccaa086c41a9f553dc5a19d3212118fb7c7fe56e80085ef8d51f78ead";
    static final String ANSWER_MAC = "833f06aefb28bd9b2a6a1e3e6388395def60b1ed0adf4bc95a85271c9bb5a3c9";

    @Test
    void bindingMatchesTheSharedVector() {
        assertThat(ApprovalWire.binding("sess-1", "/work/repo", ARGV)).isEqualTo(BINDING);
    }

    @Test
    void bindingIsUnambiguousAboutArgumentBoundaries() {
        assertThat(ApprovalWire.binding("s", "/w", List.of("ab", "c")))
                .isNotEqualTo(ApprovalWire.binding("s", "/w", List.of("a", "bc")));
    }

    @Test
    void requestMacMatchesTheSharedVector() {
        RequestFile r = RequestFile.create(KEY, "abcdefghijklmnop", "sess-1", ARGV, "/work/repo", "git.push.protected",
                "pushing to main", Instant.parse("2026-11-22T03:00:00Z"), Instant.parse("2026-11-22T03:15:00Z"));

        assertThat(r.mac()).isEqualTo(REQUEST_MAC);
        assertThat(RequestFile.fromJson(r.toJson())).isEqualTo(r);
    }

    @Test
    void answerMacMatchesTheSharedVector() {
        AnswerFile a = AnswerFile.create(KEY, "abcdefghijklmnop", "sess-1", BINDING, "approve", "alice", "ok",
                Instant.parse("2026-11-22T03:01:00Z"), Instant.parse("2026-11-22T03:11:00Z"));

        assertThat(a.mac()).isEqualTo(ANSWER_MAC);
        assertThat(AnswerFile.fromJson(a.toJson())).isEqualTo(a);
        assertThat(a.authentic(KEY)).isTrue();
    }

    @Test
    void newIdsAreValidFileNames() {
        SecureRandom r = new SecureRandom();
        for (int k = 0; k < 100; k++) {
            assertThat(ApprovalWire.newId(r)).matches(ApprovalWire.ID);
        }
    }

    @Test
    void answerWithAPathInItsIdIsRejected() {
        String json = "{\"format\":\"scc-approval-answer/v1\",\"id\":\"../../etc/passwd\"}";

        assertThatThrownBy(() -> AnswerFile.fromJson(json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonReaderRejectsTrailingGarbageAndDuplicateKeys() {
        assertThat(ApprovalJson.parseObject("{\"a\":[\"x\",1,true,null],\"b\":\"\\u00e9\\n\"}"))
                .containsEntry("b", "é\n");
        assertThatThrownBy(() -> ApprovalJson.parseObject("{} x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApprovalJson.parseObject("{\"a\":\"1\",\"a\":\"2\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApprovalJson.parseObject("{\"a\":\"1\"")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonWriterRoundTripsControlCharacters() {
        String written = ApprovalJson.write(Map.of("k", "a\"b\\c\n\u0001"));

        assertThat(ApprovalJson.parseObject(written)).containsEntry("k", "a\"b\\c\n\u0001");
    }
}
