package dev.scc.broker.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One packet of git's pkt-line framing (gitprotocol-common): four hex digits giving the length including themselves,
 * then the payload; {@code 0000} is a flush packet, {@code 0001} a delimiter, {@code 0002} a response end. The
 * payload is at most {@value #MAX_PAYLOAD} bytes.
 *
 * @param kind data or one of the special packets
 * @param payload the payload bytes (empty for special packets)
 */
public record PktLine(Kind kind, byte[] payload) {
    /** Largest payload git allows (65520 minus the 4-byte header). */
    public static final int MAX_PAYLOAD = 65516;

    /** What a packet is. */
    public enum Kind { DATA, FLUSH, DELIM, RESPONSE_END }

    public static final PktLine FLUSH = new PktLine(Kind.FLUSH, new byte[0]);

    public PktLine {
        payload = payload.clone();
        if (kind != Kind.DATA && payload.length > 0) {
            throw new IllegalArgumentException(kind + " packets carry no payload");
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("pkt-line payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
    }

    /** A data packet holding {@code text} (UTF-8). */
    public static PktLine data(String text) {
        return data(text.getBytes(StandardCharsets.UTF_8));
    }

    public static PktLine data(byte[] bytes) {
        return new PktLine(Kind.DATA, bytes);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload as text (UTF-8). */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The packet as it goes on the wire. */
    public byte[] encode() {
        return switch (kind) {
            case FLUSH -> "0000".getBytes(StandardCharsets.US_ASCII);
            case DELIM -> "0001".getBytes(StandardCharsets.US_ASCII);
            case RESPONSE_END -> "0002".getBytes(StandardCharsets.US_ASCII);
            case DATA -> {
                byte[] out = new byte[4 + payload.length];
                byte[] head = String.format("%04x", 4 + payload.length).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(head, 0, out, 0, 4);
                System.arraycopy(payload, 0, out, 4, payload.length);
                yield out;
            }
        };
    }

    /** Writes the packet. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(encode());
    }

    /**
     * Reads one packet, copying the bytes read to {@code consumed} (so a caller can forward exactly what it read).
     *
     * @throws PktLineException on a bad length header, a reserved length, or a stream that ends inside a packet
     * @throws java.io.EOFException if the stream ends before the first byte of a packet
     */
    public static PktLine read(InputStream in, ByteArrayOutputStream consumed) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length == 0) {
            throw new java.io.EOFException("pkt-line stream ended");
        }
        if (head.length < 4) {
            throw new PktLineException("malformed pkt-line: the stream ends inside a length header ("
                    + head.length + " of 4 bytes)");
        }
        consumed.write(head);
        int len = 0;
        for (byte b : head) {
            int d = Character.digit(b, 16);
            if (d < 0) {
                throw new PktLineException("malformed pkt-line: length header " + printable(head)
                        + " is not four hex digits");
            }
            len = len * 16 + d;
        }
        switch (len) {
            case 0:
                return FLUSH;
            case 1:
                return new PktLine(Kind.DELIM, new byte[0]);
            case 2:
                return new PktLine(Kind.RESPONSE_END, new byte[0]);
            case 3:
                throw new PktLineException("malformed pkt-line: reserved length 0003");
            default:
                break;
        }
        if (len - 4 > MAX_PAYLOAD) {
            throw new PktLineException("malformed pkt-line: length " + len + " exceeds git's maximum of 65520");
        }
        byte[] payload = in.readNBytes(len - 4);
        consumed.write(payload);
        if (payload.length < len - 4) {
            throw new PktLineException("malformed pkt-line: the stream ends inside a packet (" + payload.length
                    + " of " + (len - 4) + " payload bytes)");
        }
        return data(payload);
    }

    private static String printable(byte[] head) {
        StringBuilder b = new StringBuilder("'");
        for (byte x : head) {
            b.append(x >= 0x20 && x < 0x7f ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
        }
        return b.append('\'').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PktLine p && p.kind == kind && Arrays.equals(p.payload, payload);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return kind == Kind.DATA ? "PktLine[" + text().strip() + "]" : "PktLine[" + kind + "]";
    }
}
