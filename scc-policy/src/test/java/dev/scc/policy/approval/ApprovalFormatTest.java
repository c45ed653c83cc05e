package dev.scc.policy.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.approval.ApprovalWire;
import dev.scc.safety.approval.ApprovalWire.AnswerFile;
import dev.scc.safety.approval.ApprovalWire.RequestFile;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The host side of the approval wire format against the same fixed vectors as scc-safety's
 * ApprovalWireTest (cross-checked with Python's hashlib/hmac), so the two implementations agree.
 */
class ApprovalFormatTest {
    static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 0x2a);
    }

    static final List<String> ARGV = List.of("git", "push", "origin", "main; echo \"x\"", "é");
    static final String BINDING = "7fbf009d431c14010aaf94989cdfea5fe56e66cfc4f06ca5cd41ecc12810a0c7";
    static final String REQUEST_MAC = "6950dd7ccaa086c41a9f553dc5a19d3212118fb7c7fe56e80085ef8d51f78ead";
    static final String ANSWER_MAC = "833f06aefb28bd9b2a6a1e3e6388395def60b1ed0adf4bc95a85271c9bb5a3c9";

    @Test
    void bindingMatchesTheSandboxSide() {
        assertThat(ApprovalWire.binding("sess-1", "/work/repo", ARGV)).isEqualTo(BINDING);
    }

    @Test
    void requestWrittenBySandboxSideFormatParsesAndVerifies() {
        String json = "{\"format\":\"scc-approval-request/v1\",\"id\":\"abcdefghijklmnop\",\"session_id\":\"sess-1\","
                + "\"argv\":[\"git\",\"push\",\"origin\",\"main; echo \\\"x\\\"\",\"é\"],\"cwd\":\"/work/repo\","
                + "\"rule\":\"git.push.protected\",\"reason\":\"pushing to main\",\"binding\":\"" + BINDING + "\","
                + "\"created_at\":\"2026-11-22T03:00:00Z\",\"expires_at\":\"2026-11-22T03:15:00Z\",\"mac\":\""
                + REQUEST_MAC + "\"}\n";

        RequestFile r = RequestFile.fromJson(json);

        assertThat(r.argv()).isEqualTo(ARGV);
        assertThat(r.authentic(KEY)).isTrue();
        assertThat(r.toJson()).isEqualTo(json);
    }

    @Test
    void answerMacMatchesTheSandboxSide() {
        AnswerFile a = AnswerFile.create(KEY, "abcdefghijklmnop", "sess-1", BINDING, "approve", "alice", "ok",
                Instant.parse("2026-11-22T03:01:00Z"), Instant.parse("2026-11-22T03:11:00Z"));

        assertThat(a.mac()).isEqualTo(ANSWER_MAC);
        assertThat(AnswerFile.fromJson(a.toJson())).isEqualTo(a);
    }
}
