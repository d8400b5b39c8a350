package org.l2l4j.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.QuadraticProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code ./l2l4j meta-train}, killed with SIGKILL at random moments and resumed each time, finishes with the same
 * φ, checkpoint and log as a run that was never interrupted.
 */
class KilledMetaTrainingTest {

    private static final int KILLS = 5;
    private static final int EPOCHS = 25;
    private static final long SEED = 3;
    /** Longest wait after an epoch completes before the kill: about one epoch of this small problem. */
    private static final int MAX_KILL_DELAY_MILLIS = 300;
    /** Exit status of a process ended by signal 9. */
    private static final int KILLED = 128 + 9;

    @TempDir
    Path dir;

    @Test
    void resumingAfterEveryKillEndsExactlyLikeAnUninterruptedRun() throws Exception {
        Path uninterrupted = dir.resolve("uninterrupted");
        MetaTrainingConfig config = new MetaTrainingConfig(40, 20, EPOCHS, 1, 0.01, SEED, 1, 2, DivergencePolicy.ROLL_BACK);
        new MetaTrainer(QuadraticProblem.PAPER, OptimizerShape.PAPER_QUADRATIC, config, uninterrupted,
                MetaTrainingListener.NONE).train(false);

        Path killed = dir.resolve("killed");
        Random random = new Random(2026);
        List<Integer> killedAtEpochs = new ArrayList<>();
        int lastCompleted = 0;
        while (killedAtEpochs.size() < KILLS) {
            Process child = startMetaTraining(killed, lastCompleted > 0);
            waitForAnEpochAfter(lastCompleted, killed, child);
            Thread.sleep(random.nextInt(MAX_KILL_DELAY_MILLIS));
            assertTrue(child.isAlive(), "meta-training finished before the kill; give the test more epochs");
            child.destroyForcibly();
            assertEquals(KILLED, child.waitFor(), "the child died of SIGKILL");
            int resumable = Checkpoint.read(killed).nextEpoch();
            assertTrue(resumable > lastCompleted, "the checkpoint kept the epochs completed before the kill");
            killedAtEpochs.add(resumable);
            lastCompleted = resumable;
        }
        Process last = startMetaTraining(killed, true);
        assertTrue(last.waitFor(5, TimeUnit.MINUTES), "the final resumed run finished");
        assertEquals(0, last.exitValue(), "final run failed: " + log(killed));

        System.out.println("killed after epochs " + killedAtEpochs + " of " + EPOCHS + ", then resumed to the end");
        for (String name : List.of(Checkpoint.FILE_NAME, MetaTrainer.OPTIMIZER_FILE, "log.csv")) {
            assertArrayEquals(Files.readAllBytes(uninterrupted.resolve(name)), Files.readAllBytes(killed.resolve(name)), name);
        }
        try (Stream<Path> files = Files.list(killed)) {
            assertEquals(Set.of(Checkpoint.FILE_NAME, MetaTrainer.OPTIMIZER_FILE, "log.csv", "log.png", "child.log"),
                    files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()), "no half-written files left");
        }
    }

    /** The command line in its own JVM, so that SIGKILL ends it with no chance to clean up. */
    private static Process startMetaTraining(Path out, boolean resume) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), "org.l2l4j.cli.L2l4j",
                "meta-train", "--problem", "quadratic", "--steps", "40", "--unroll", "20",
                "--epochs", Integer.toString(EPOCHS), "--runs", "1", "--lr", "0.01", "--seed", Long.toString(SEED),
                "--validate-every", "1", "--validation-runs", "2", "--on-divergence", "roll-back",
                "--out", out.toString()));
        if (resume) {
            command.add("--resume");
        }
        Files.createDirectories(out);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolve("child.log").toFile())).start();
    }

    private static void waitForAnEpochAfter(int epoch, Path out, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                fail("meta-training exited with " + child.exitValue() + " before the kill: " + log(out));
            }
            if (Files.exists(out.resolve(Checkpoint.FILE_NAME)) && Checkpoint.read(out).nextEpoch() > epoch) {
                return;
            }
            Thread.sleep(5);
        }
        fail("no epoch completed within 2 minutes: " + log(out));
    }

    private static String log(Path out) throws IOException {
        return Files.readString(out.resolve("child.log"));
    }
}
