package dev.scc.broker.credential;

/**
 * A credential could not be read on the host (missing variable, empty file, a command that failed). The message
 * names the credential, its source and the fix; it never contains the value or the source's output.
 */
public final class CredentialException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String credential;

    public CredentialException(String credential, String message) {
        super(message);
        this.credential = credential;
    }

    /** The configured name of the credential that failed. */
    public String credential() {
        return credential;
    }
}
