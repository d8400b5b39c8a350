package org.l2l4j.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.meta.Engine;
import org.l2l4j.meta.DivergencePolicy;
import org.l2l4j.meta.MetaTrainer;
import org.l2l4j.meta.MetaTrainingConfig;
import org.l2l4j.meta.MetaTrainingListener;
import org.l2l4j.optimizer.GradientPreprocessing;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.NominalDirection;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.Problem;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Meta-training through Spark's embedded local[2] master gives the single-machine trainer's files, byte for byte. */
@Timeout(120)
class SparkMetaTrainingTest {

    /** Two problems of different sizes, so that the epochs alternate and each run must rebuild the right one. */
    static final List<ProblemRecipe> MIXTURE = List.of(new QuadraticRecipe(64, 10), new QuadraticRecipe(32, 5));

    private static JavaSparkContext spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = SparkContexts.start(SparkContexts.configuration("local[2]", Map.of("spark.ui.enabled", "false")));
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    static MetaTrainingConfig config(int epochs) {
        return new MetaTrainingConfig(40, 20, epochs, 3, 0.01, 5, 1, 2, DivergencePolicy.STOP);
    }

    static MetaTrainer trainer(int epochs, Path out) {
        return trainer(LearnedOptimizer.randomInit(OptimizerShape.PAPER_QUADRATIC, 5), epochs, out);
    }

    static MetaTrainer trainer(LearnedOptimizer initial, int epochs, Path out) {
        List<Problem> problems = MIXTURE.stream().map(ProblemRecipe::create).toList();
        return new MetaTrainer(problems, initial, config(epochs), out, MetaTrainingListener.NONE);
    }

    @Test
    void sparkLocalGivesTheSingleMachineFiles() throws IOException {
        Path local = dir.resolve("local");
        Path distributed = dir.resolve("spark");
        trainer(3, local).train(false);
        try (SparkRunExecutor runs = new SparkRunExecutor(spark, MIXTURE, Engine.FAST, 20)) {
            trainer(3, distributed).train(false, runs);
        }
        TrainingOutputs.assertIdentical(local, distributed);
    }

    /**
     * A warm-up of 30 steps ends in the second truncation of each 40-step run, so the step count must travel with
     * the run's snapshot between truncations for Spark to give the single-machine files.
     */
    @Test
    void aWarmupGoesOnAcrossTruncationsOnSpark() throws IOException {
        LearnedOptimizer initial = LearnedOptimizer.randomInit(new OptimizerShape(4, GradientPreprocessing.moments(10f),
                0.01f, new NominalDirection(2.3f, 1f, 30)), 5);
        Path local = dir.resolve("local");
        Path distributed = dir.resolve("spark");
        trainer(initial, 2, local).train(false);
        try (SparkRunExecutor runs = new SparkRunExecutor(spark, MIXTURE, Engine.FAST, 20)) {
            trainer(initial, 2, distributed).train(false, runs);
        }
        TrainingOutputs.assertIdentical(local, distributed);
    }

    @Test
    void resumingThroughSparkContinuesBitForBit() throws IOException {
        Path local = dir.resolve("local");
        Path resumed = dir.resolve("resumed");
        trainer(3, local).train(false);
        try (SparkRunExecutor runs = new SparkRunExecutor(spark, MIXTURE, Engine.FAST, 20)) {
            trainer(1, resumed).train(false, runs);
            trainer(3, resumed).train(true, runs);
        }
        TrainingOutputs.assertIdentical(local, resumed);
    }

    @Test
    void aJobSparkGivesUpOnEndsWithAClearMessageAndKeepsTheLastEpoch() throws IOException {
        // epoch 0 trains on the first problem; epoch 1 on the second, which no executor can build
        List<ProblemRecipe> recipes = List.of(MIXTURE.get(0), new UnreadableOnExecutors(MIXTURE.get(1)));
        Path failed = dir.resolve("failed");
        Path oneEpoch = dir.resolve("one-epoch");
        Path local = dir.resolve("local");
        trainer(1, oneEpoch).train(false);
        IOException error;
        try (SparkRunExecutor runs = new SparkRunExecutor(spark, recipes, Engine.FAST, 20)) {
            error = assertThrows(IOException.class, () -> new MetaTrainer(
                    recipes.stream().map(ProblemRecipe::create).toList(),
                    LearnedOptimizer.randomInit(OptimizerShape.PAPER_QUADRATIC, 5), config(3), failed,
                    MetaTrainingListener.NONE).train(false, runs));
        }
        assertTrue(error.getMessage().contains("epoch 1 failed"), error.getMessage());
        assertTrue(error.getMessage().contains(UnreadableOnExecutors.MESSAGE), error.getMessage());
        assertTrue(error.getMessage().contains("--resume"), error.getMessage());
        TrainingOutputs.assertIdentical(oneEpoch, failed);

        // and the run continues from there as if nothing had happened
        trainer(3, failed).train(true);
        trainer(3, local).train(false);
        TrainingOutputs.assertIdentical(local, failed);
    }

    @Test
    void anUnreachableMasterIsNamed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String master = "spark://127.0.0.1:" + closedPort;
        SparkSetupException error = assertThrows(SparkSetupException.class,
                () -> SparkContexts.start(SparkContexts.configuration(master, Map.of())));
        assertTrue(error.getMessage().startsWith("cannot reach the Spark master at 127.0.0.1:" + closedPort),
                error.getMessage());
        SparkSetupException malformed = assertThrows(SparkSetupException.class,
                () -> SparkContexts.start(SparkContexts.configuration("spark://nowhere", Map.of())));
        assertTrue(malformed.getMessage().contains("is not a Spark master URL"), malformed.getMessage());
    }

    @Test
    void theRunsTakeTheirTurnsSoTheFilesAreNotTriviallyEqual() throws IOException {
        // guards the two tests above: different seeds must give different files, or equality would prove nothing
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        trainer(1, a).train(false);
        new MetaTrainer(MIXTURE.stream().map(ProblemRecipe::create).toList(),
                LearnedOptimizer.randomInit(OptimizerShape.PAPER_QUADRATIC, 5),
                new MetaTrainingConfig(40, 20, 1, 3, 0.01, 6, 1, 2, DivergencePolicy.STOP), b,
                MetaTrainingListener.NONE).train(false);
        assertEquals(false, TrainingOutputs.identical(a, b));
    }
}
