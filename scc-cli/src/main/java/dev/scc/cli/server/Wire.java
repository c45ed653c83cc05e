package dev.scc.cli.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resident server's wire format, shared with the C client ({@code scc-cli/src/main/c/scc-client.c}). Integers
 * are 4-byte big-endian; a string is its length then its UTF-8 bytes.
 *
 * <pre>
 * request  = "SCC1" kind:u8 [run]
 * kind     = 'R' (run a command) | 'S' (status) | 'Q' (quit)
 * run      = flags:u32 columns:u32 cwd:str argc:u32 str* envc:u32 ("KEY=VALUE":str)*
 * flags    = bit 0 stdin, bit 1 stdout, bit 2 stderr is a terminal
 * response = frame*, ending with an 'x' or 'f' frame
 * frame    = type:u8 length:u32 payload   ('o' stdout bytes, 'e' stderr bytes, 'x' exit code:u32, 'f' not served)
 * </pre>
 *
 * An 'f' answer means "run this one in your own JVM": the client then starts one, so a command the server does not
 * take still runs exactly as it would without a server.
 */
final class Wire {
    static final byte[] MAGIC = "SCC1".getBytes(StandardCharsets.US_ASCII);
    static final byte RUN = 'R';
    static final byte STATUS = 'S';
    static final byte QUIT = 'Q';
    static final byte STDOUT = 'o';
    static final byte STDERR = 'e';
    static final byte EXIT = 'x';
    static final byte NOT_SERVED = 'f';

    /** A request bigger than this is refused: arguments and environment of a shell command line are far smaller. */
    static final int MAX_REQUEST_BYTES = 4 << 20;

    private Wire() {}

    /** What the client asked for. */
    sealed interface Request permits Run, Status, Quit {}

    /** Run one {@code scc} invocation as the client would have run it itself. */
    record Run(boolean stdinTerminal, boolean stdoutTerminal, boolean stderrTerminal, int columns, Path workingDir,
            List<String> args, Map<String, String> env) implements Request {
        Run {
            args = List.copyOf(args);
            env = Map.copyOf(env);
        }
    }

    /** Report the server's state. */
    record Status() implements Request {}

    /** Stop the server. */
    record Quit() implements Request {}

    /** Thrown for a request that does not follow the format; the connection is closed without an answer. */
    static final class BadRequest extends IOException {
        BadRequest(String message) {
            super(message);
        }
    }

    static Request read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new BadRequest("not an scc client (bad magic)");
        }
        byte kind = in.readByte();
        switch (kind) {
            case STATUS:
                return new Status();
            case QUIT:
                return new Quit();
            case RUN:
                break;
            default:
                throw new BadRequest("unknown request kind " + kind);
        }
        int[] budget = {MAX_REQUEST_BYTES};
        int flags = in.readInt();
        int columns = in.readInt();
        String cwd = string(in, budget);
        Path workingDir = Path.of(cwd);
        if (!workingDir.isAbsolute()) {
            throw new BadRequest("working directory is not absolute: " + cwd);
        }
        List<String> args = new ArrayList<>();
        for (int i = 0, n = count(in); i < n; i++) {
            args.add(string(in, budget));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0, n = count(in); i < n; i++) {
            String kv = string(in, budget);
            int eq = kv.indexOf('=');
            if (eq > 0) {
                env.putIfAbsent(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return new Run((flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, Math.max(0, columns), workingDir, args, env);
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 16) {
            throw new BadRequest("implausible count " + n);
        }
        return n;
    }

    private static String string(DataInputStream in, int[] budget) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > budget[0]) {
            throw new BadRequest("request larger than " + MAX_REQUEST_BYTES + " bytes");
        }
        budget[0] -= len;
        byte[] b = new byte[len];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Writes a request (the Java client of {@code scc server status|stop}, and tests). */
    static void write(OutputStream raw, Request request) throws IOException {
        DataOutputStream out = new DataOutputStream(raw);
        out.write(MAGIC);
        if (request instanceof Status) {
            out.writeByte(STATUS);
        } else if (request instanceof Quit) {
            out.writeByte(QUIT);
        } else {
            Run r = (Run) request;
            out.writeByte(RUN);
            out.writeInt((r.stdinTerminal() ? 1 : 0) | (r.stdoutTerminal() ? 2 : 0) | (r.stderrTerminal() ? 4 : 0));
            out.writeInt(r.columns());
            writeString(out, r.workingDir().toString());
            out.writeInt(r.args().size());
            for (String a : r.args()) {
                writeString(out, a);
            }
            out.writeInt(r.env().size());
            for (Map.Entry<String, String> e : r.env().entrySet()) {
                writeString(out, e.getKey() + "=" + e.getValue());
            }
        }
        out.flush();
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** One response frame as read by a client. */
    record Frame(byte type, byte[] payload) {
        int exitCode() {
            return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
        }
    }

    static Frame readFrame(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        int type = in.read();
        if (type < 0) {
            throw new EOFException("the server closed the connection");
        }
        int len = in.readInt();
        if (len < 0 || len > MAX_REQUEST_BYTES) {
            throw new BadRequest("implausible frame length " + len);
        }
        byte[] payload = new byte[len];
        in.readFully(payload);
        return new Frame((byte) type, payload);
    }

    /** Writes frames; one lock keeps stdout and stderr frames whole when both are written. */
    static final class FrameWriter {
        private final DataOutputStream out;

        FrameWriter(OutputStream out) {
            this.out = new DataOutputStream(out);
        }

        synchronized void frame(byte type, byte[] b, int off, int len) throws IOException {
            out.writeByte(type);
            out.writeInt(len);
            out.write(b, off, len);
            out.flush();
        }

        void exit(int code) throws IOException {
            frame(EXIT, new byte[] {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code}, 0, 4);
        }

        void notServed() throws IOException {
            frame(NOT_SERVED, new byte[0], 0, 0);
        }

        /** An output stream whose every flush becomes one frame of {@code type}. */
        OutputStream stream(byte type) {
            return new java.io.BufferedOutputStream(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (len > 0) {
                        frame(type, b, off, len);
                    }
                }
            }, 8192);
        }
    }
}
