package dev.scc.runtime.docker.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DenialReasonTest {
    private final EgressAllowlist allow = EgressAllowlist.of(List.of("web.test", ".github.com"));

    @Test
    void classifiesDenialsInAclOrder() {
        assertThat(DenialReason.classify("GET", "http://web.test:8080/", allow)).isEqualTo(DenialReason.PORT_NOT_ALLOWED);
        assertThat(DenialReason.classify("CONNECT", "web.test:80", allow)).isEqualTo(DenialReason.PORT_NOT_ALLOWED);
        assertThat(DenialReason.classify("GET", "http://198.51.100.10/", allow)).isEqualTo(DenialReason.IP_LITERAL);
        assertThat(DenialReason.classify("GET", "http://[::1]/", allow)).isEqualTo(DenialReason.IP_LITERAL);
        assertThat(DenialReason.classify("CONNECT", "169.254.169.254:443", allow)).isEqualTo(DenialReason.IP_LITERAL);
        assertThat(DenialReason.classify("GET", "http://denied.test/", allow)).isEqualTo(DenialReason.NOT_ALLOWLISTED);
        assertThat(DenialReason.classify("CONNECT", "api.github.com:443", allow))
                .isEqualTo(DenialReason.PRIVATE_DESTINATION);
        assertThat(DenialReason.classify("GET", "not a url", allow)).isEqualTo(DenialReason.OTHER);
    }
}
