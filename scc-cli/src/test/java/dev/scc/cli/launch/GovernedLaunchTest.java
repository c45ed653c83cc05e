package dev.scc.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.cli.governance.GovernanceException;
import org.junit.jupiter.api.Test;

class GovernedLaunchTest {
    @Test
    void sandboxMemoryAcceptsEverySuffixTheSchemaAllows() {
        assertThat(GovernedLaunch.bytes("1024")).isEqualTo(1024);
        assertThat(GovernedLaunch.bytes("1024b")).isEqualTo(1024);
        assertThat(GovernedLaunch.bytes("2k")).isEqualTo(2048);
        assertThat(GovernedLaunch.bytes("512m")).isEqualTo(512L << 20);
        assertThat(GovernedLaunch.bytes("4G")).isEqualTo(4L << 30);
    }

    @Test
    void aMalformedSizeIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> GovernedLaunch.bytes("lots")).isInstanceOf(GovernanceException.class)
                .hasMessageContaining("defaults.sandbox.memory");
    }
}
