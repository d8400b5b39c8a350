package org.l2l4j.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.QuadraticProblem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A meta-training epoch that goes non-finite never touches the best φ, and stops or rolls back as configured. */
class DivergenceTest {

    private static final Problem QUADRATIC = QuadraticProblem.PAPER;
    private static final double LEARNING_RATE = 0.01;
    private static final int EPOCHS = 6;
    private static final int DIVERGING_EPOCH = 3;

    @TempDir
    Path dir;

    @Test
    void stopLeavesTheBestOptimizerLogAndCheckpointOfTheLastGoodEpoch() throws IOException {
        Path good = dir.resolve("good");
        train(QUADRATIC, config(DIVERGING_EPOCH, LEARNING_RATE, DivergencePolicy.STOP), good, false);

        Path stopped = dir.resolve("stopped");
        IOException e = assertThrows(IOException.class, () -> train(poisoned(1), config(EPOCHS, LEARNING_RATE,
                DivergencePolicy.STOP), stopped, false));
        assertTrue(e.getMessage().contains("diverged in epoch " + DIVERGING_EPOCH), e.getMessage());
        assertTrue(e.getMessage().contains("best φ so far is kept in " + stopped.resolve(MetaTrainer.OPTIMIZER_FILE)), e.getMessage());
        assertSameFiles(good, stopped, MetaTrainer.OPTIMIZER_FILE, Checkpoint.FILE_NAME, "log.csv");
    }

    /** The rolled-back run equals a run stopped at the divergence and resumed by hand at half the learning rate. */
    @Test
    void rollBackRerunsTheEpochAtHalfTheLearningRate() throws IOException {
        Path byHand = dir.resolve("by-hand");
        train(QUADRATIC, config(DIVERGING_EPOCH, LEARNING_RATE, DivergencePolicy.STOP), byHand, false);
        train(QUADRATIC, config(EPOCHS, LEARNING_RATE / 2, DivergencePolicy.STOP), byHand, true);

        Path rolledBack = dir.resolve("rolled-back");
        List<String> rollbacks = new ArrayList<>();
        MetaTrainingListener listener = new MetaTrainingListener() {
            @Override
            public void rolledBack(String what, double learningRate, int rollback) {
                rollbacks.add(what + " -> lr " + learningRate + ", rollback " + rollback);
            }
        };
        new MetaTrainer(List.of(poisoned(1)), initial(), config(EPOCHS, LEARNING_RATE, DivergencePolicy.ROLL_BACK),
                rolledBack, listener).train(false);

        assertEquals(1, rollbacks.size(), rollbacks.toString());
        assertTrue(rollbacks.get(0).contains("diverged in epoch " + DIVERGING_EPOCH)
                && rollbacks.get(0).endsWith("lr " + LEARNING_RATE / 2 + ", rollback 1"), rollbacks.toString());
        assertSameFiles(byHand, rolledBack, MetaTrainer.OPTIMIZER_FILE, "log.csv");
        Checkpoint expected = Checkpoint.read(byHand);
        Checkpoint actual = Checkpoint.read(rolledBack);
        assertEquals(1, actual.rollbacks());
        assertEquals(EPOCHS, actual.nextEpoch());
        assertEquals(expected.adamIteration(), actual.adamIteration());
        assertArrayEquals(expected.phi().toBytes(), actual.phi().toBytes());
        assertArrayEquals(expected.adamState(), actual.adamState());
    }

    @Test
    void rollBackGivesUpAfterItsLimitKeepingTheBestOptimizer() throws IOException {
        Path good = dir.resolve("good");
        train(QUADRATIC, config(DIVERGING_EPOCH, LEARNING_RATE, DivergencePolicy.STOP), good, false);

        Path hopeless = dir.resolve("hopeless");
        IOException e = assertThrows(IOException.class, () -> train(poisoned(Integer.MAX_VALUE),
                config(EPOCHS, LEARNING_RATE, DivergencePolicy.ROLL_BACK), hopeless, false));
        assertTrue(e.getMessage().contains(MetaTrainer.MAX_ROLLBACKS + " rollbacks"), e.getMessage());
        assertSameFiles(good, hopeless, MetaTrainer.OPTIMIZER_FILE, "log.csv");
    }

    private static MetaTrainingConfig config(int epochs, double learningRate, DivergencePolicy policy) {
        return new MetaTrainingConfig(40, 20, epochs, 1, learningRate, 7, 1, 2, policy);
    }

    /** The quadratic, with the training run of {@link #DIVERGING_EPOCH} poisoned the first {@code times} times. */
    private static Problem poisoned(int times) {
        long seed = config(EPOCHS, LEARNING_RATE, DivergencePolicy.STOP).trainingSeed(DIVERGING_EPOCH, 0);
        return new PoisonedProblem(QUADRATIC, seed, times);
    }

    private static LearnedOptimizer initial() {
        return LearnedOptimizer.randomInit(OptimizerShape.PAPER_QUADRATIC, 7);
    }

    private static void train(Problem problem, MetaTrainingConfig config, Path out, boolean resume) throws IOException {
        new MetaTrainer(List.of(problem), initial(), config, out, MetaTrainingListener.NONE).train(resume);
    }

    private static void assertSameFiles(Path expected, Path actual, String... names) throws IOException {
        for (String name : names) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(name)), Files.readAllBytes(actual.resolve(name)), name);
        }
    }
}
