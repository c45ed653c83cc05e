package dev.scc.cli.commands.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OrgSourceTest {
    private static final Path CWD = Path.of("/work/here");

    @Test
    void urlsAndShorthandsAreRemoteAndKeptAsTyped() {
        assertThat(OrgSource.parse("https://x.example/org.json", CWD)).isEqualTo(new OrgSource.Remote("https://x.example/org.json"));
        assertThat(OrgSource.parse(" github:acme/policy ", CWD)).isEqualTo(new OrgSource.Remote("github:acme/policy"));
    }

    @Test
    void pathsAreLocalAbsoluteAndNormalised() {
        assertThat(OrgSource.parse("conf/../org.yaml", CWD)).isEqualTo(new OrgSource.LocalFile(Path.of("/work/here/org.yaml")));
        assertThat(OrgSource.parse("/etc/org.yaml", CWD).location()).isEqualTo("/etc/org.yaml");
    }

    @Test
    void aFileUrlIsLocalAndADriveLetterIsNotAScheme() {
        assertThat(OrgSource.parse("file:///srv/org.yaml", CWD)).isEqualTo(new OrgSource.LocalFile(Path.of("/srv/org.yaml")));
        assertThat(OrgSource.parse("C:org.yaml", CWD)).isInstanceOf(OrgSource.LocalFile.class);
    }
}
