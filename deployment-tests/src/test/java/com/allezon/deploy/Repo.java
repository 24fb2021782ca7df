package com.allezon.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root, where docker-compose.yml, deploy/ and k8s/ live. */
final class Repo {

    static final Path ROOT = find();

    private Repo() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    private static Path find() {
        String configured = System.getProperty("allezon.repo.root");
        if (configured != null && Files.isRegularFile(Path.of(configured, "docker-compose.yml"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("k8s"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (docker-compose.yml and k8s/) above "
                + Path.of("").toAbsolutePath());
    }
}
