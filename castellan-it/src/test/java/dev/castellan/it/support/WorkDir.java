package dev.castellan.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh folder under {@code target/it-work} for one test class: server data, logs and tool output stay there
 * after the run, so a failure in CI can be read afterwards.
 */
public final class WorkDir {
    private WorkDir() {}

    public static Path create(Class<?> testClass) throws IOException {
        Path root = Path.of("target", "it-work").toAbsolutePath();
        Files.createDirectories(root);
        return Files.createTempDirectory(root, testClass.getSimpleName() + "-");
    }
}
