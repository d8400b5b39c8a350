package org.l2l4j.packaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * l2l4j-core is what a DL4J user adds next to their network, so it must bring no command-line, plotting, archive or
 * cluster library, and must not configure the user's logging.
 */
class LeanCoreTest {

    /** Artifacts that belong to l2l4j-train, l2l4j-cli or l2l4j-spark, never to core's users. */
    private static final List<String> FORBIDDEN = List.of("picocli", "progressbar", "jfreechart", "commons-compress",
            "spark-", "slf4j-simple", "logback-classic", "log4j-slf4j");

    @Test
    void runtimeClasspathHasNoPresentationArchiveOrClusterLibrary() throws IOException {
        // Written by maven-dependency-plugin (see src/core/pom.xml) before the tests run.
        Path listing = Path.of("target", "runtime-classpath.txt");
        assertTrue(Files.exists(listing), "missing " + listing.toAbsolutePath() + "; run the tests through Maven");
        List<String> jars = Arrays.stream(Files.readString(listing).trim().split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).getFileName().toString()).toList();
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("deeplearning4j-nn")), "the listing is core's: " + jars);
        List<String> offending = jars.stream().filter(j -> FORBIDDEN.stream().anyMatch(j::startsWith)).toList();
        assertEquals(List.of(), offending, "l2l4j-core's runtime classpath must stay lean");
    }

    @Test
    void coreShipsNoLoggingConfiguration() throws IOException {
        Path classes = Path.of("target", "classes");
        try (Stream<Path> files = Files.walk(classes)) {
            List<String> configs = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.equals("simplelogger.properties") || n.startsWith("logback")
                            || n.startsWith("log4j")).toList();
            assertEquals(List.of(), configs, "a library must leave logging to its user");
        }
        assertFalse(Files.exists(classes.resolve("simplelogger.properties")));
    }
}
