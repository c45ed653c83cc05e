package dev.scc.runtime.docker;

/** The labels on every object SCC creates; {@code list}, {@code stop} and {@code prune} find objects by them. */
public final class Labels {
    public static final String MANAGED = "scc.managed";
    public static final String SESSION = "scc.session";
    /** {@code agent}, {@code proxy}, {@code network} or {@code state} (the provider's home volume). */
    public static final String ROLE = "scc.role";
    public static final String WORKSPACE = "scc.workspace";
    public static final String PROVIDER = "scc.provider";
    /** On images SCC builds: the base image they were built from (checked against blocked_base_images). */
    public static final String BASE_IMAGE = "scc.base-image";

    private Labels() {}
}
