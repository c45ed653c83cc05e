package dev.scc.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The request format round-trips every invocation, and malformed bytes are refused as I/O errors, never worse. */
class WireTest {
    @Provide
    Arbitrary<String> anyString() {
        return Arbitraries.strings().all().ofMaxLength(40);
    }

    @Provide
    Arbitrary<Map<String, String>> environment() {
        return Arbitraries.maps(Arbitraries.strings().alpha().numeric().withChars('_').ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().all().ofMaxLength(30)).ofMaxSize(8);
    }

    @Property
    void aRunRequestRoundTrips(@ForAll @Size(max = 8) List<@net.jqwik.api.From("anyString") String> args,
            @ForAll("environment") Map<String, String> env, @ForAll boolean in, @ForAll boolean out, @ForAll boolean err,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 1000) int columns) throws IOException {
        Wire.Run run = new Wire.Run(in, out, err, columns, Path.of("/work", "dir"), args, env);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Wire.write(bytes, run);
        Wire.Request back = Wire.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(back).isEqualTo(sanitized(run));
    }

    /** Lone UTF-16 surrogates cannot be encoded as UTF-8: the wire carries what the C client could have sent. */
    private static Wire.Run sanitized(Wire.Run r) {
        java.util.function.UnaryOperator<String> utf8 = s -> new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8);
        Map<String, String> env = new java.util.LinkedHashMap<>();
        r.env().forEach((k, v) -> env.put(utf8.apply(k), utf8.apply(v)));
        return new Wire.Run(r.stdinTerminal(), r.stdoutTerminal(), r.stderrTerminal(), r.columns(), r.workingDir(),
                r.args().stream().map(utf8).toList(), env);
    }

    @Property
    void garbageIsAnIoErrorNeverACrash(@ForAll @Size(max = 64) byte[] prefix, @ForAll boolean withMagic) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (withMagic) {
            bytes.writeBytes(Wire.MAGIC);
            bytes.write(Wire.RUN);
        }
        bytes.writeBytes(prefix);
        Throwable t = catchThrowable(() -> Wire.read(new ByteArrayInputStream(bytes.toByteArray())));
        if (t != null) {
            assertThat(t).isInstanceOf(IOException.class);
        }
    }
}
