package dev.scc.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetworkPostureTest {

    @Test
    void parsesPolicyIdsCaseInsensitively() {
        assertThat(NetworkPosture.fromId("Web-Egress-Enforced")).isEqualTo(NetworkPosture.WEB_EGRESS_ENFORCED);
        assertThat(NetworkPosture.fromId("locked-down-web")).isEqualTo(NetworkPosture.LOCKED_DOWN_WEB);
        assertThat(NetworkPosture.fromId(" open ")).isEqualTo(NetworkPosture.OPEN);
    }

    @Test
    void unknownIdListsTheAcceptedOnes() {
        assertThatThrownBy(() -> NetworkPosture.fromId("closed"))
                .hasMessageContaining("open, web-egress-enforced, locked-down-web");
    }

    @Test
    void lockedDownIsStricterThanEnforcedWhichIsStricterThanOpen() {
        assertThat(NetworkPosture.LOCKED_DOWN_WEB.atLeast(NetworkPosture.WEB_EGRESS_ENFORCED)).isTrue();
        assertThat(NetworkPosture.WEB_EGRESS_ENFORCED.atLeast(NetworkPosture.OPEN)).isTrue();
        assertThat(NetworkPosture.OPEN.atLeast(NetworkPosture.WEB_EGRESS_ENFORCED)).isFalse();
    }
}
