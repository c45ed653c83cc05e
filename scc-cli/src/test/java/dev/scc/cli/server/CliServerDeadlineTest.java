package dev.scc.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A served command that never returns does not hold the run lock forever: the client is answered, the server stops. */
class CliServerDeadlineTest {
    @TempDir Path tmp;

    @Test
    void aStuckServedCommandIsAbandonedAtItsDeadlineAndTheServerStops() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("run"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("cli-deadline.sock");
        CountDownLatch never = new CountDownLatch(1);
        CliServer server = CliServer.bind(socket, Duration.ofMinutes(5), Duration.ofMillis(500), (r, out, err) -> {
            try {
                never.await(); // like a read from a FIFO that no one writes
            } catch (InterruptedException e) {
                // interrupted at the deadline; a real stuck read would not even notice
                try {
                    new CountDownLatch(1).await(java.util.concurrent.TimeUnit.SECONDS.toMillis(30),
                            java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException again) {
                    Thread.currentThread().interrupt();
                }
            }
            return 0;
        }).orElseThrow();
        Thread serving = new Thread(server::serve);
        serving.start();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Wire.write(Channels.newOutputStream(ch), new Wire.Run(false, false, false, 0, tmp,
                    List.of("config", "explain", "--org", "/some/fifo"), Map.of("HOME", tmp.toString())));
            InputStream in = Channels.newInputStream(ch);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit;
            for (;;) {
                Wire.Frame f = Wire.readFrame(in);
                if (f.type() == Wire.STDERR) {
                    err.write(f.payload());
                } else if (f.type() == Wire.EXIT) {
                    exit = f.exitCode();
                    break;
                }
            }
            assertThat(exit).isEqualTo(ExitCodes.TOOL);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("did not finish within 500 ms", "SCC_SERVER=0");
        }
        serving.join(10_000);
        assertThat(serving.isAlive()).as("the server stopped instead of serving behind a stuck command").isFalse();
        assertThat(Files.exists(socket)).isFalse();
        never.countDown();
    }
}
