package dev.scc.broker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PktLineTest {
    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);
    static final String ZERO = "0".repeat(40);

    @Provide
    Arbitrary<RefUpdate> updates() {
        Arbitrary<String> oid = Arbitraries.strings().withChars("0123456789abcdef").ofLength(40);
        Arbitrary<String> ref = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_./")
                .ofMinLength(1).ofMaxLength(60).map(s -> "refs/heads/x" + s);
        return Combinators.combine(oid, oid, ref).as(RefUpdate::new)
                .filter(u -> !(RefUpdate.isZero(u.oldId()) && RefUpdate.isZero(u.newId())));
    }

    @Property(tries = 300)
    void commandSectionRoundTrips(@ForAll @Size(min = 1, max = 20) List<@net.jqwik.api.From("updates") RefUpdate> updates,
            @ForAll boolean sideBand) throws IOException {
        Set<String> caps = new LinkedHashSet<>(List.of("report-status", "agent=git/2.39.5"));
        if (sideBand) {
            caps.add("side-band-64k");
        }
        byte[] wire = ReceivePackRequest.encode(updates, caps);
        byte[] pack = "PACK-and-more".getBytes(StandardCharsets.US_ASCII);
        ByteArrayInputStream in = new ByteArrayInputStream(concat(wire, pack));

        ReceivePackRequest r = ReceivePackRequest.read(in, 1 << 20);

        assertThat(r.updates()).isEqualTo(updates);
        assertThat(r.capabilities()).isEqualTo(caps);
        assertThat(r.consumed()).isEqualTo(wire);
        assertThat(in.readAllBytes()).isEqualTo(pack);
    }

    @Property(tries = 300)
    void dataPacketsRoundTrip(@ForAll @Size(max = 2000) byte[] payload) throws IOException {
        PktLine p = PktLine.data(payload);
        ByteArrayOutputStream consumed = new ByteArrayOutputStream();

        PktLine back = PktLine.read(new ByteArrayInputStream(p.encode()), consumed);

        assertThat(back).isEqualTo(p);
        assertThat(consumed.toByteArray()).isEqualTo(p.encode());
    }

    @Property(tries = 1000)
    void garbageIsRefusedWithAPktLineErrorAndNothingElse(@ForAll @Size(max = 300) byte[] garbage) {
        try {
            ReceivePackRequest r = ReceivePackRequest.read(new ByteArrayInputStream(garbage), 1 << 20);
            // Only a well-formed command section can parse; then every update is well-formed.
            assertThat(r.updates()).isNotEmpty();
        } catch (PktLineException e) {
            assertThat(e.getMessage()).isNotBlank();
        } catch (IOException e) {
            throw new AssertionError("garbage must fail with PktLineException, got " + e, e);
        }
    }

    @Test
    void readsDeleteAndCreate() throws IOException {
        byte[] wire = ReceivePackRequest.encode(List.of(new RefUpdate(A, ZERO, "refs/heads/old"),
                new RefUpdate(ZERO, B, "refs/tags/v1")), Set.of("report-status"));
        ReceivePackRequest r = ReceivePackRequest.read(new ByteArrayInputStream(wire), 1 << 20);
        assertThat(r.updates().get(0).isDelete()).isTrue();
        assertThat(r.updates().get(1).isCreate()).isTrue();
        assertThat(r.updates().get(1).branch()).isEmpty();
    }

    @Test
    void malformedStreamsGiveClearErrors() {
        assertThatThrownBy(() -> read("zzzz")).isInstanceOf(PktLineException.class)
                .hasMessage("malformed pkt-line: length header 'zzzz' is not four hex digits");
        assertThatThrownBy(() -> read("00")).hasMessageContaining("ends inside a length header (2 of 4 bytes)");
        assertThatThrownBy(() -> read("0010abc")).hasMessageContaining("ends inside a packet (3 of 12 payload bytes)");
        assertThatThrownBy(() -> read("0003")).hasMessageContaining("reserved length 0003");
        assertThatThrownBy(() -> read("0000")).hasMessage("malformed push: no ref-update commands before the flush packet");
        assertThatThrownBy(() -> read("")).hasMessage("malformed push: the request ends before its flush packet");
        assertThatThrownBy(() -> read(new String(PktLine.data("hello world\n").encode(), StandardCharsets.US_ASCII)
                + "0000")).hasMessageContaining("command 'hello world' is not '<old-id> <new-id> <ref>'");
        assertThatThrownBy(() -> read(new String(PktLine.data("push-cert\0report-status\n").encode(),
                StandardCharsets.US_ASCII))).hasMessageContaining("signed pushes");
    }

    @Test
    void oversizedCommandSectionIsRefused() {
        List<RefUpdate> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(new RefUpdate(A, B, "refs/heads/b" + i));
        }
        byte[] wire = ReceivePackRequest.encode(many, Set.of());
        assertThatThrownBy(() -> ReceivePackRequest.read(new ByteArrayInputStream(wire), 1000))
                .hasMessage("push command section larger than 1000 bytes; refused");
    }

    @Test
    void refusalReportIsWhatGitReadsWithAndWithoutSideBand() throws IOException {
        byte[] wire = ReceivePackRequest.encode(List.of(new RefUpdate(A, B, "refs/heads/main"),
                new RefUpdate(A, B, "refs/heads/f")), Set.of("report-status"));
        ReceivePackRequest plain = ReceivePackRequest.read(new ByteArrayInputStream(wire), 1 << 20);
        byte[] report = ReceivePackReport.refusal(plain, java.util.Map.of("refs/heads/main", "protected"), List.of("x"));
        assertThat(new String(report, StandardCharsets.US_ASCII)).isEqualTo("000eunpack ok\n"
                + "0021ng refs/heads/main protected\n"
                + "0048ng refs/heads/f not pushed: another update in this push was refused\n0000");

        byte[] sb = ReceivePackRequest.encode(plain.updates(), Set.of("report-status", "side-band-64k"));
        ReceivePackRequest banded = ReceivePackRequest.read(new ByteArrayInputStream(sb), 1 << 20);
        ByteArrayInputStream in = new ByteArrayInputStream(ReceivePackReport.refusal(banded,
                java.util.Map.of("refs/heads/main", "protected"), List.of("SCC: refused")));
        PktLine first = PktLine.read(in, new ByteArrayOutputStream());
        assertThat(first.payload()[0]).isEqualTo((byte) 2);
        assertThat(new String(first.payload(), 1, first.payload().length - 1, StandardCharsets.UTF_8))
                .isEqualTo("SCC: refused\n");
        PktLine second = PktLine.read(in, new ByteArrayOutputStream());
        assertThat(second.payload()[0]).isEqualTo((byte) 1);
        assertThat(PktLine.read(in, new ByteArrayOutputStream()).kind()).isEqualTo(PktLine.Kind.FLUSH);
        assertThatThrownBy(() -> PktLine.read(in, new ByteArrayOutputStream())).isInstanceOf(EOFException.class);
    }

    private static ReceivePackRequest read(String s) throws IOException {
        return ReceivePackRequest.read(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)), 1 << 20);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
