package dev.scc.broker.git;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The {@code git-receive-pack} result the broker sends itself when it refuses a push, so {@code git push} prints
 * {@code ! [remote rejected] main -> main (reason)} for each ref and {@code remote: …} lines with the explanation.
 * A push is all or nothing here: when one update is stopped, every other update of the same push is rejected too
 * (its pack was never forwarded).
 */
public final class ReceivePackReport {
    private ReceivePackReport() {}

    /**
     * The response body.
     *
     * @param request the parsed command section (for the client's capabilities)
     * @param reasons per ref: why it was rejected (refs not named get a "push refused as a whole" reason)
     * @param message lines shown as {@code remote: …} (side-band channel 2) when the client supports side bands
     */
    public static byte[] refusal(ReceivePackRequest request, Map<String, String> reasons, List<String> message) {
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        status.writeBytes(PktLine.data("unpack ok\n").encode());
        for (RefUpdate u : request.updates()) {
            String reason = reasons.getOrDefault(u.ref(), "not pushed: another update in this push was refused");
            status.writeBytes(PktLine.data("ng " + u.ref() + " " + oneLine(reason) + "\n").encode());
        }
        status.writeBytes(PktLine.FLUSH.encode());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (request.sideBand()) {
            int max = request.capabilities().contains("side-band-64k") ? PktLine.MAX_PAYLOAD - 1 : 999;
            for (String line : message) {
                band(out, 2, (line + "\n").getBytes(StandardCharsets.UTF_8), max);
            }
            band(out, 1, status.toByteArray(), max);
            out.writeBytes(PktLine.FLUSH.encode());
        } else {
            out.writeBytes(status.toByteArray());
        }
        return out.toByteArray();
    }

    private static void band(ByteArrayOutputStream out, int channel, byte[] data, int max) {
        for (int off = 0; off < data.length; off += max) {
            int n = Math.min(max, data.length - off);
            byte[] p = new byte[n + 1];
            p[0] = (byte) channel;
            System.arraycopy(data, off, p, 1, n);
            out.writeBytes(PktLine.data(p).encode());
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }
}
