package dev.scc.broker.git;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The command section at the start of a {@code git-receive-pack} request body (gitprotocol-pack, "Reference Update
 * Request"): optional {@code shallow} lines, then one {@code <old> <new> <ref>} line per ref (the first also carries
 * the capabilities after a NUL), then a flush packet. The pack data that follows is not read here.
 *
 * @param updates the ref updates, in order
 * @param capabilities what the client asked for ({@code report-status}, {@code side-band-64k}, …)
 * @param consumed the exact bytes read, to forward ahead of the rest of the body
 */
public record ReceivePackRequest(List<RefUpdate> updates, Set<String> capabilities, byte[] consumed) {
    private static final Pattern OID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern REF = Pattern.compile("refs/[^\\x00-\\x20\\x7f~^:?*\\[\\\\]+");

    public ReceivePackRequest {
        updates = List.copyOf(updates);
        capabilities = Set.copyOf(capabilities);
        consumed = consumed.clone();
    }

    @Override
    public byte[] consumed() {
        return consumed.clone();
    }

    /** True if the client can read per-ref results ({@code report-status} or {@code report-status-v2}). */
    public boolean reportsStatus() {
        return capabilities.contains("report-status") || capabilities.contains("report-status-v2");
    }

    /** True if the client multiplexes the response on side-band channels. */
    public boolean sideBand() {
        return capabilities.contains("side-band-64k") || capabilities.contains("side-band");
    }

    /**
     * Reads the command section.
     *
     * @param maxBytes the most command-section bytes accepted (a push of thousands of refs stays far below 1 MiB)
     * @throws PktLineException if the section is malformed, too large, empty, or a signed push (not supported)
     */
    public static ReceivePackRequest read(InputStream in, int maxBytes) throws IOException {
        ByteArrayOutputStream consumed = new ByteArrayOutputStream();
        List<RefUpdate> updates = new ArrayList<>();
        Set<String> caps = new LinkedHashSet<>();
        while (true) {
            PktLine p;
            try {
                p = PktLine.read(in, consumed);
            } catch (EOFException e) {
                throw new PktLineException("malformed push: the request ends before its flush packet");
            }
            if (consumed.size() > maxBytes) {
                throw new PktLineException("push command section larger than " + maxBytes + " bytes; refused");
            }
            if (p.kind() == PktLine.Kind.FLUSH) {
                break;
            }
            if (p.kind() != PktLine.Kind.DATA) {
                throw new PktLineException("malformed push: unexpected " + p.kind() + " packet in the command list");
            }
            byte[] payload = p.payload();
            int nul = indexOf(payload, (byte) 0);
            String line = new String(payload, 0, nul < 0 ? payload.length : nul, StandardCharsets.UTF_8);
            if (line.endsWith("\n")) {
                line = line.substring(0, line.length() - 1);
            }
            if (nul >= 0) {
                if (!updates.isEmpty()) {
                    throw new PktLineException("malformed push: capabilities after the first command");
                }
                String capText = new String(payload, nul + 1, payload.length - nul - 1, StandardCharsets.UTF_8).strip();
                for (String c : capText.split(" ")) {
                    if (!c.isEmpty()) {
                        caps.add(c);
                    }
                }
            }
            if (line.startsWith("push-cert")) {
                throw new PktLineException("signed pushes (git push --signed) are not supported through the"
                        + " credential broker");
            }
            if (line.startsWith("shallow ")) {
                if (!updates.isEmpty() || !OID.matcher(line.substring(8)).matches()) {
                    throw new PktLineException("malformed push: bad shallow line");
                }
                continue;
            }
            String[] f = line.split(" ", -1);
            if (f.length != 3 || !OID.matcher(f[0]).matches() || !OID.matcher(f[1]).matches()
                    || f[0].length() != f[1].length() || !REF.matcher(f[2]).matches()) {
                throw new PktLineException("malformed push: command " + abbreviate(line)
                        + " is not '<old-id> <new-id> <ref>'");
            }
            if (RefUpdate.isZero(f[0]) && RefUpdate.isZero(f[1])) {
                throw new PktLineException("malformed push: command for " + f[2] + " has two zero ids");
            }
            updates.add(new RefUpdate(f[0], f[1], f[2]));
        }
        if (updates.isEmpty()) {
            throw new PktLineException("malformed push: no ref-update commands before the flush packet");
        }
        return new ReceivePackRequest(updates, caps, consumed.toByteArray());
    }

    /** The command section as a client writes it (tests, and the property that parsing round-trips). */
    public static byte[] encode(List<RefUpdate> updates, Set<String> capabilities) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < updates.size(); i++) {
            RefUpdate u = updates.get(i);
            String line = u.oldId() + " " + u.newId() + " " + u.ref();
            byte[] b = i == 0 ? (line + "\0" + String.join(" ", capabilities)).getBytes(StandardCharsets.UTF_8)
                    : (line + "\n").getBytes(StandardCharsets.UTF_8);
            out.writeBytes(PktLine.data(b).encode());
        }
        out.writeBytes(PktLine.FLUSH.encode());
        return out.toByteArray();
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static String abbreviate(String s) {
        String p = s.replaceAll("[^\\x20-\\x7e]", "?");
        return "'" + (p.length() > 120 ? p.substring(0, 120) + "…" : p) + "'";
    }
}
