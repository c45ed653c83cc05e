package dev.scc.cli.commands.runtime;

import java.util.Map;

/** Test access to doctor's package-private checks from other test packages. */
public final class DoctorCommandAccess {
    private DoctorCommandAccess() {}

    /** The detail line of doctor's server check. */
    public static String serverCheck(Map<String, String> env) {
        return DoctorCommand.serverCheck(env).detail();
    }
}
