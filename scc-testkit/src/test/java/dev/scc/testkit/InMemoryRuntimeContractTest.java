package dev.scc.testkit;

import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.core.runtime.RuntimeObject;
import dev.scc.core.runtime.Session;
import dev.scc.testkit.runtime.InMemoryRuntimeBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The in-memory backend, the reference the contract is written against, passes it. */
class InMemoryRuntimeContractTest implements RuntimeContract {
    private final InMemoryRuntimeBackend.World world = new InMemoryRuntimeBackend.World();

    @Override
    public RuntimeBackend backend() {
        return new InMemoryRuntimeBackend(world, Clock.systemUTC(), -1);
    }

    @Override
    public RuntimeBackend failingBackend() {
        return new InMemoryRuntimeBackend(world, Clock.systemUTC(), 2);
    }

    @Override
    public boolean exists(RuntimeObject object) {
        return world.exists(object.name());
    }

    @Override
    public List<String> leftovers(Path workspace) {
        return world.objectsOf(Session.workspaceHash(workspace));
    }
}
