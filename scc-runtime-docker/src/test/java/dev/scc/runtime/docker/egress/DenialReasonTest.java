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

    @Test
    void nonHttpSchemesAreReportedAsSuchWhateverTheirHostOrPort() {
        assertThat(DenialReason.classify("GET", "ftp://web.test/", allow)).isEqualTo(DenialReason.NON_HTTP_SCHEME);
        assertThat(DenialReason.classify("GET", "ftp://web.test:80/file", allow)).isEqualTo(DenialReason.NON_HTTP_SCHEME);
        assertThat(DenialReason.classify("GET", "gopher://denied.test:70/", allow)).isEqualTo(DenialReason.NON_HTTP_SCHEME);
        assertThat(DenialReason.classify("GET", "whois://198.51.100.10/", allow)).isEqualTo(DenialReason.NON_HTTP_SCHEME);
        assertThat(DenialReason.classify("GET", "https://web.test:8443/", allow)).isEqualTo(DenialReason.PORT_NOT_ALLOWED);
    }
}
