package dev.scc.runtime.docker;

import dev.scc.core.runtime.SandboxImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The Docker backend's {@link SandboxImages}: scc-base, the agent images and the egress proxy, built by the engine. */
final class DockerImages implements SandboxImages {
    private final DockerRuntimeBackend backend;

    DockerImages(DockerRuntimeBackend backend) {
        this.backend = backend;
    }

    @Override
    public List<RequiredImage> required(List<String> providers) {
        ImageNames n = backend.config().images();
        List<RequiredImage> out = new ArrayList<>();
        out.add(new RequiredImage(n.base(), ""));
        out.add(new RequiredImage(n.proxy(), ""));
        providers.forEach(p -> out.add(new RequiredImage(n.agent(p), "--provider " + p)));
        return out;
    }

    @Override
    public Optional<String> imageId(String reference) {
        return backend.imageId(reference);
    }

    @Override
    public List<String> build(BuildRequest r, Consumer<String> progress) {
        ImageBuilder.Options o = new ImageBuilder.Options(r.imagesDir(), r.baseImage(), r.installPackages(),
                r.safetyDir(), r.safetyWrapper(), r.safetyInstall(), r.stubAgents(), r.networkNone(), r.caCerts(),
                r.npmRegistry(), r.rebuild(), r.wrapPrograms());
        return new ImageBuilder(backend).build(o, r.providers(), r.proxy(), progress);
    }
}
