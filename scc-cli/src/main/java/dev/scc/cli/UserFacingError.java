package dev.scc.cli;

/** An error whose message is written for the user and that carries its exit code. */
public interface UserFacingError {
    int exitCode();
}
