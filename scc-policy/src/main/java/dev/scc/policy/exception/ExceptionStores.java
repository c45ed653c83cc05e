package dev.scc.policy.exception;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The local stores that apply to one workspace: the repo store (when the workspace is in a git
 * repository) and the user store, in the order local overrides are applied (policy exceptions come
 * from the org config, before both).
 */
public final class ExceptionStores {
    private final ExceptionStore user;
    private final Optional<ExceptionStore> repo;

    public ExceptionStores(ExceptionStore user, Optional<ExceptionStore> repo) {
        this.user = user;
        this.repo = repo;
    }

    /**
     * @param xdgConfigHome {@code $XDG_CONFIG_HOME} (default {@code ~/.config})
     * @param repoRoot the repository root, if any (see {@link ExceptionStore#findRepoRoot(Path)})
     */
    public static ExceptionStores of(Path xdgConfigHome, Optional<Path> repoRoot, Clock clock) {
        RandomGenerator random = new SecureRandom();
        return new ExceptionStores(
                new ExceptionStore(ExceptionStore.userStorePath(xdgConfigHome), StoreKind.USER, clock, random),
                repoRoot.map(r -> new ExceptionStore(ExceptionStore.repoStorePath(r), StoreKind.REPO, clock, random)));
    }

    public ExceptionStore user() {
        return user;
    }

    public Optional<ExceptionStore> repo() {
        return repo;
    }

    /** Repo store first, then user store. */
    public List<ExceptionStore> all() {
        List<ExceptionStore> out = new ArrayList<>();
        repo.ifPresent(out::add);
        out.add(user);
        return List.copyOf(out);
    }

    /** Loads every store (repo, then user); warnings are in each snapshot. */
    public List<StoreSnapshot> load() {
        return all().stream().map(ExceptionStore::load).toList();
    }
}
