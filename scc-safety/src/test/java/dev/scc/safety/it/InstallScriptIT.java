package dev.scc.safety.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image install script, run for real (as root) into a staging root with DESTDIR. */
class InstallScriptIT {
    @TempDir
    Path root;

    private int install(String... extra) throws Exception {
        Path script = Path.of("src/main/docker/install-wrappers.sh").toAbsolutePath();
        Path wrapper = Path.of(System.getProperty("scc.safety.wrapper", "target/native/scc-wrapper")).toAbsolutePath();
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("sh", script.toString(), wrapper.toString()));
        cmd.addAll(java.util.List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DESTDIR", root.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        assertThat(code).as(out).isZero();
        return code;
    }

    /** The install script into the staging root, with SCC_WRAP_PROGRAMS set (not started). */
    private ProcessBuilder withPrograms(String programs) {
        java.util.List<String> cmd = java.util.List.of("sh", Path.of("src/main/docker/install-wrappers.sh").toAbsolutePath().toString(),
                Path.of(System.getProperty("scc.safety.wrapper", "target/native/scc-wrapper")).toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DESTDIR", root.toString());
        pb.environment().put("SCC_WRAP_PROGRAMS", programs);
        return pb;
    }

    @Test
    void movesRealBinariesAsideAndLinksTheWrapperAtTheirPaths() throws Exception {
        RealParts.require("root".equals(System.getProperty("user.name")), "the install script runs as root");
        Path usrBin = Files.createDirectories(root.resolve("usr/bin"));
        for (String tool : new String[] {"git", "curl", "ssh"}) {
            Files.writeString(usrBin.resolve(tool), "#!/bin/sh\necho real " + tool + "\n");
            Files.setPosixFilePermissions(usrBin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin")); // merged /usr
        install();
        for (String tool : new String[] {"git", "curl", "ssh"}) {
            assertThat(Files.readSymbolicLink(usrBin.resolve(tool))).isEqualTo(Path.of("/usr/lib/scc/bin/scc-wrapper"));
            assertThat(Files.readString(root.resolve("usr/lib/scc/real/" + tool))).contains("real " + tool);
        }
        assertThat(Files.exists(usrBin.resolve("wget"))).isFalse();
        assertThat(Files.isExecutable(root.resolve("usr/lib/scc/bin/scc-wrapper"))).isTrue();
        assertThat(Files.readSymbolicLink(root.resolve("usr/lib/scc/bin/scc-hook"))).isEqualTo(Path.of("scc-wrapper"));
        assertThat(Files.exists(root.resolve("usr/lib/scc/bin/scc-wrapper.conf"))).isFalse();
        assertThat(Files.isDirectory(root.resolve("run/scc"))).isTrue();
        // idempotent: a second run keeps the real binaries
        install();
        assertThat(Files.readString(root.resolve("usr/lib/scc/real/git"))).contains("real git");
    }

    @Test
    void theProgramsOrgRulesUsuallyNameAreWrappedWhenTheImageHasThemAndMoreByName() throws Exception {
        RealParts.require("root".equals(System.getProperty("user.name")), "the install script runs as root");
        Path usrBin = Files.createDirectories(root.resolve("usr/bin"));
        Path local = Files.createDirectories(root.resolve("usr/local/bin"));
        for (Path tool : new Path[] {usrBin.resolve("kubectl"), local.resolve("terraform"), usrBin.resolve("psql"), usrBin.resolve("ls")}) {
            Files.writeString(tool, "#!/bin/sh\necho real\n");
            Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        ProcessBuilder pb = withPrograms("psql");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        for (Path tool : new Path[] {usrBin.resolve("kubectl"), local.resolve("terraform"), usrBin.resolve("psql")}) {
            assertThat(Files.readSymbolicLink(tool)).as(tool.toString()).isEqualTo(Path.of("/usr/lib/scc/bin/scc-wrapper"));
            assertThat(root.resolve("usr/lib/scc/real/" + tool.getFileName())).exists();
        }
        assertThat(Files.isSymbolicLink(usrBin.resolve("ls"))).as("a program no rule family names stays as it is").isFalse();

        pb.environment().put("SCC_WRAP_PROGRAMS", "../etc/passwd");
        Process bad = pb.start();
        String badOut = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.waitFor()).isNotZero();
        assertThat(badOut).contains("'../etc/passwd' is not a program name");
    }

    @Test
    void aProgramThatIsARelativeSymlinkStillReachesItsTargetFromTheRealDirectory() throws Exception {
        RealParts.require("root".equals(System.getProperty("user.name")), "the install script runs as root");
        Path usrBin = Files.createDirectories(root.resolve("usr/bin"));
        Path share = Files.createDirectories(root.resolve("usr/share/postgresql-common"));
        Files.writeString(share.resolve("pg_wrapper"), "#!/bin/sh\necho real\n");
        Files.createSymbolicLink(usrBin.resolve("psql"), Path.of("../share/postgresql-common/pg_wrapper")); // as Debian ships it
        Process p = withPrograms("psql").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(Files.readSymbolicLink(usrBin.resolve("psql"))).isEqualTo(Path.of("/usr/lib/scc/bin/scc-wrapper"));
        Path real = Files.readSymbolicLink(root.resolve("usr/lib/scc/real/psql"));
        assertThat(real).as("absolute, so it does not dangle from /usr/lib/scc/real").isAbsolute();
        assertThat(root.resolve(real.toString().substring(1)).normalize()).isEqualTo(share.resolve("pg_wrapper"));
    }

    @Test
    void nonDefaultSocketAndRealDirAreWrittenToTheConfig() throws Exception {
        RealParts.require("root".equals(System.getProperty("user.name")), "the install script runs as root");
        Files.createDirectories(root.resolve("usr/bin"));
        install("/run/x/s.sock", "/opt/real");
        Path conf = root.resolve("usr/lib/scc/bin/scc-wrapper.conf");
        assertThat(Files.readString(conf)).isEqualTo("socket=/run/x/s.sock\nreal_dir=/opt/real\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf))).isEqualTo("rw-r--r--");
    }

    @Test
    void gitsExecPathCopyAndItsBuiltinsBecomeTheWrapperScriptsStay() throws Exception {
        RealParts.require("root".equals(System.getProperty("user.name")), "the install script runs as root");
        Path usrBin = Files.createDirectories(root.resolve("usr/bin"));
        Files.writeString(usrBin.resolve("git"), "#!/bin/sh\necho real git\n");
        Path core = Files.createDirectories(root.resolve("usr/lib/git-core"));
        Files.writeString(core.resolve("git"), "#!/bin/sh\necho core git\n");
        Files.createSymbolicLink(core.resolve("git-push"), Path.of("git"));
        Files.createSymbolicLink(core.resolve("git-upload-pack"), Path.of("git"));
        Files.writeString(core.resolve("git-submodule"), "#!/bin/sh\necho script\n");
        Files.createLink(core.resolve("git-receive-pack"), core.resolve("git")); // a hard link, as other distributions ship
        install();
        Path wrapper = Path.of("/usr/lib/scc/bin/scc-wrapper");
        for (String name : new String[] {"git", "git-push", "git-upload-pack", "git-receive-pack"}) {
            assertThat(Files.readSymbolicLink(core.resolve(name))).as(name).isEqualTo(wrapper);
        }
        assertThat(Files.isSymbolicLink(core.resolve("git-submodule"))).isFalse();
        assertThat(Files.readString(root.resolve("usr/lib/scc/real/git"))).contains("real git");
        install(); // idempotent
        assertThat(Files.readSymbolicLink(core.resolve("git"))).isEqualTo(wrapper);
    }
}
