package org.l2l4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs that cannot fit in memory end at once, before any data is read or any file written, with the estimate, the
 * limit and the fix; they used to start and die of an OutOfMemoryError with a stack trace.
 */
class MemoryRefusalTest {

    /** Far more than it takes to parse, load φ and estimate; far less than reading MNIST and starting a race. */
    private static final Duration AT_ONCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cli = L2l4j.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err, true));
        return assertTimeoutPreemptively(AT_ONCE, () -> cli.execute(args));
    }

    @Test
    void aNetworkOfBillionsOfParametersIsRefusedWithTheEstimateTheLimitAndTheFix() {
        Path out = dir.resolve("never-written");
        // the paper's optimizer, whose 80 floats of state per parameter the message below counts
        assertEquals(1, run("evaluate", "--optimizer", "pretrained:paper-mnist", "--problem", "mnist", "--hidden",
                "99999999", "--out", out.toString()), err.toString());
        String message = err.toString();
        // 784-99999999-10: 785·99999999 + 100000000·10 parameters, 80 floats of 4 bytes of optimizer state each
        assertTrue(message.contains("optimizer state (80 floats per parameter, 79,499,999,215 parameters) 25.4 TB"
                + " off-heap"), message);
        assertTrue(message.contains("more than the Java heap limit (-Xmx) of"), message);
        assertTrue(message.contains("a smaller network (--hidden)"), message);
        assertTrue(message.contains("L2L4J_JAVA_OPTS"), message);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);
        assertFalse(Files.exists(out), "refused before anything was written");
    }

    @Test
    void metaTrainingThatCannotFitNamesTheUnrollAndTheNetwork() {
        assertEquals(1, run("meta-train", "--problem", "mnist", "--hidden", "30000", "--out", dir.toString()),
                err.toString());
        String message = err.toString();
        // 785·30000 + 30001·10 = 23,850,010 coordinates of 101 floats of buffers (MetaTrainingMemoryTest by hand)
        assertTrue(message.contains("101 floats per coordinate for an unroll of 20, 23,850,010 coordinates"), message);
        assertTrue(message.contains("a smaller network (--hidden)") && message.contains("a shorter unroll (--unroll)"),
                message);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);
    }

    /** The estimate counts the network --task (or --model) chose, not the default MLP. */
    @Test
    void metaTrainingATaskIsEstimatedForThatTasksNetwork() {
        assertEquals(1, run("meta-train", "--task", "lenet", "--steps", "10000", "--unroll", "10000", "--out",
                dir.toString()), err.toString());
        String message = err.toString();
        // LeNet-5: 431,080 coordinates (ModelAndSuiteCommandTest counts them by hand), 10,001 recorded gradients and
        // 80 floats of start state each, about 17 GB
        assertTrue(message.contains("10081 floats per coordinate for an unroll of 10000, 431,080 coordinates"),
                message);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);
    }

    @Test
    void aBillionStepsOfLossCurvesIsRefusedNamingStepsAndSeeds() {
        assertEquals(1, run("evaluate", "--problem", "quadratic", "--steps", "1000000000", "--out", dir.toString()),
                err.toString());
        // the learned optimizer and five baselines, 20 seeds each
        assertTrue(err.toString().contains("loss curves (1000000000 steps of 120 runs)"), err.toString());
        assertTrue(err.toString().contains("fewer --steps or --seeds"), err.toString());
    }
}
