package dev.scc.broker.credential;

import dev.scc.safety.audit.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where a credential is read on the host at launch: an environment variable, a file, or a command such as a password
 * manager's CLI ({@code op read op://vault/item/key}, {@code pass show github}). The value is trimmed of surrounding
 * whitespace (a trailing newline is the norm for files and commands). Failures are {@link CredentialException}s that
 * name the source and never echo the value.
 */
public sealed interface CredentialSource {
    /** The largest value accepted (a credential is short; anything longer is a misconfigured source). */
    int MAX_BYTES = 64 * 1024;

    /**
     * Reads the credential.
     *
     * @param name the credential's configured name, used in messages
     * @param env the host environment to read variables from (and to give commands)
     * @throws CredentialException if the source fails or yields an empty value
     */
    Secret read(String name, Map<String, String> env);

    /** How the source is described in explain output and messages (never the value). */
    String describe();

    /** An environment variable of the host. */
    record Env(String variable) implements CredentialSource {
        @Override
        public Secret read(String name, Map<String, String> env) {
            String v = env.get(variable);
            if (v == null) {
                throw new CredentialException(name, "credential '" + name + "': environment variable " + variable
                        + " is not set. Export it on the host before `scc start`, or configure another source.");
            }
            return nonEmpty(name, v, "environment variable " + variable + " is empty");
        }

        @Override
        public String describe() {
            return "env " + variable;
        }
    }

    /** A file on the host (e.g. a mounted secret); its whole content, trimmed. */
    record File(Path path) implements CredentialSource {
        @Override
        public Secret read(String name, Map<String, String> env) {
            byte[] bytes;
            try {
                if (Files.isDirectory(path)) {
                    throw new CredentialException(name, "credential '" + name + "': " + path + " is a directory, not a"
                            + " file holding the credential.");
                }
                if (Files.size(path) > MAX_BYTES) {
                    throw new CredentialException(name, "credential '" + name + "': file " + path + " is larger than "
                            + MAX_BYTES + " bytes; it does not hold one credential.");
                }
                bytes = Files.readAllBytes(path);
            } catch (NoSuchFileException e) {
                throw new CredentialException(name, "credential '" + name + "': file " + path + " does not exist.");
            } catch (IOException e) {
                throw new CredentialException(name, "credential '" + name + "': cannot read file " + path + " ("
                        + e.getClass().getSimpleName() + "). Check its permissions.");
            }
            return nonEmpty(name, new String(bytes, StandardCharsets.UTF_8), "file " + path + " is empty");
        }

        @Override
        public String describe() {
            return "file " + path;
        }
    }

    /**
     * A command run on the host without a shell; its standard output is the credential. It must exit 0 within the
     * timeout. On failure the message shows the exit status and the command's redacted error output, never its
     * standard output.
     */
    record Command(List<String> argv, Duration timeout) implements CredentialSource {
        public Command {
            argv = List.copyOf(argv);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("a credential command needs at least the program");
            }
        }

        @Override
        public Secret read(String name, Map<String, String> env) {
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new CredentialException(name, "credential '" + name + "': cannot run " + argv.get(0) + " ("
                        + e.getMessage() + "). Is it installed and on PATH?");
            }
            try {
                p.getOutputStream().close();
                CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readLimited(p.getInputStream()));
                CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readLimited(p.getErrorStream()));
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new CredentialException(name, "credential '" + name + "': command " + argv.get(0)
                            + " did not finish within " + timeout.toSeconds() + " s.");
                }
                byte[] stdout = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                byte[] stderr = err.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (p.exitValue() != 0) {
                    throw new CredentialException(name, "credential '" + name + "': command " + argv.get(0)
                            + " exited with status " + p.exitValue() + errorSuffix(stderr, stdout)
                            + ". Its standard output is not shown.");
                }
                if (stdout.length >= MAX_BYTES) {
                    throw new CredentialException(name, "credential '" + name + "': command " + argv.get(0)
                            + " printed more than " + MAX_BYTES + " bytes; it does not print one credential.");
                }
                return nonEmpty(name, new String(stdout, StandardCharsets.UTF_8),
                        "command " + argv.get(0) + " printed nothing");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new CredentialException(name, "credential '" + name + "': interrupted while running "
                        + argv.get(0));
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | IOException e) {
                p.destroyForcibly();
                throw new CredentialException(name, "credential '" + name + "': cannot read the output of "
                        + argv.get(0) + " (" + e.getClass().getSimpleName() + ").");
            }
        }

        /** The last line of the error output, redacted and with anything the standard output held removed. */
        private static String errorSuffix(byte[] stderr, byte[] stdout) {
            String err = new String(stderr, StandardCharsets.UTF_8).strip();
            if (err.isEmpty()) {
                return "";
            }
            String last = err.substring(err.lastIndexOf('\n') + 1).strip();
            String out = new String(stdout, StandardCharsets.UTF_8).strip();
            Redactor redactor = out.isEmpty() ? new Redactor() : new Redactor().withLiterals(List.of(out));
            last = redactor.redact(last);
            if (last.length() > 200) {
                last = last.substring(0, 200) + "…";
            }
            return " (" + last + ")";
        }

        private static byte[] readLimited(InputStream in) {
            try (in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                byte[] b = new byte[4096];
                int n;
                while ((n = in.read(b)) >= 0) {
                    if (buf.size() < MAX_BYTES) {
                        buf.write(b, 0, Math.min(n, MAX_BYTES - buf.size()));
                    }
                }
                return buf.toByteArray();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String describe() {
            return "command " + argv.get(0);
        }
    }

    private static Secret nonEmpty(String name, String raw, String emptyMessage) {
        String v = raw.strip();
        if (v.isEmpty()) {
            throw new CredentialException(name, "credential '" + name + "': " + emptyMessage + ".");
        }
        if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            throw new CredentialException(name, "credential '" + name + "': the value spans several lines; a"
                    + " credential is one line (check the source prints only the secret).");
        }
        return new Secret(name, v);
    }
}
