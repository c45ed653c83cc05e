package dev.scc.policy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SquidAccessLogTest {
    final SquidAccessLog squid = new SquidAccessLog();

    @Test
    void deniedConnectBecomesAProxyDenial() {
        String line = "1763780400.123    0 172.18.0.2 TCP_DENIED/403 3946 CONNECT evil.example:443 - HIER_NONE/- text/html";

        AuditEvent.ProxyDenial d = squid.denial(line, Optional.of("s1")).orElseThrow();

        assertThat(d.proxyTime()).isEqualTo(Instant.parse("2025-11-22T03:00:00.123Z"));
        assertThat(d.client()).isEqualTo("172.18.0.2");
        assertThat(d.method()).isEqualTo("CONNECT");
        assertThat(d.url()).isEqualTo("evil.example:443");
        assertThat(d.httpStatus()).isEqualTo(403);
        assertThat(d.squidResult()).isEqualTo("TCP_DENIED");
        assertThat(d.evidence().decision()).isEqualTo("block");
        assertThat(d.evidence().sessionId()).contains("s1");
    }

    @Test
    void allowedRequestsAndNonLogLinesGiveNothing() {
        assertThat(squid.denial("1763780400.123  120 172.18.0.2 TCP_TUNNEL/200 5120 CONNECT api.anthropic.com:443 -"
                + " HIER_DIRECT/1.2.3.4 -", Optional.empty())).isEmpty();
        assertThat(squid.denial("2025/11/22 03:00:00| Starting Squid Cache version 5.7", Optional.empty())).isEmpty();
        assertThat(squid.denial("", Optional.empty())).isEmpty();
    }
}
