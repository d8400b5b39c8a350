package org.l2l4j.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.LossEvaluator;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.QuadraticProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetaTrainerTest {

    private static final Problem QUADRATIC = QuadraticProblem.PAPER;
    private static final int STEPS = 100;
    private static final int UNROLL = 20;
    private static final int UNSEEN = 100;

    @TempDir
    Path dir;

    /** A short meta-training beats both its own starting point and SGD at its best grid learning rate. */
    @Test
    void metaTrainedOptimizerBeatsItsInitAndTunedSgdOnUnseenQuadratics() throws IOException {
        MetaTrainingConfig config = new MetaTrainingConfig(STEPS, UNROLL, 60, 1, 0.03, 1, 5, 4, DivergencePolicy.STOP);
        LearnedOptimizer trained = new MetaTrainer(QUADRATIC, OptimizerShape.PAPER_QUADRATIC, config, dir, MetaTrainingListener.NONE).train(false);
        LearnedOptimizer initial = LearnedOptimizer.randomInit(OptimizerShape.PAPER_QUADRATIC, 1);

        double learned = meanFinalLossLearned(trained);
        double untrained = meanFinalLossLearned(initial);
        double bestSgd = Double.POSITIVE_INFINITY;
        for (int halfDecade = -8; halfDecade <= 1; halfDecade++) { // 1e-4 ... ~3
            bestSgd = Math.min(bestSgd, meanFinalLossSgd(Math.pow(10, halfDecade / 2.0)));
        }
        System.out.printf("unseen quadratics, mean f(θ_100): learned %.4f, its initial φ %.4f, best SGD %.4f%n", learned, untrained, bestSgd);
        assertTrue(learned < untrained, "learned " + learned + " vs its initial φ " + untrained);
        assertTrue(learned < bestSgd, "learned " + learned + " vs best SGD " + bestSgd);
    }

    @Test
    void resumedTrainingEqualsUninterruptedTraining() throws IOException {
        Path straight = dir.resolve("straight");
        Path interrupted = dir.resolve("interrupted");
        new MetaTrainer(QUADRATIC, OptimizerShape.PAPER_QUADRATIC, config(4), straight, MetaTrainingListener.NONE).train(false);
        new MetaTrainer(QUADRATIC, OptimizerShape.PAPER_QUADRATIC, config(2), interrupted, MetaTrainingListener.NONE).train(false);
        new MetaTrainer(QUADRATIC, OptimizerShape.PAPER_QUADRATIC, config(4), interrupted, MetaTrainingListener.NONE).train(true);

        assertArrayEquals(Files.readAllBytes(straight.resolve(Checkpoint.FILE_NAME)),
                Files.readAllBytes(interrupted.resolve(Checkpoint.FILE_NAME)));
        assertArrayEquals(Files.readAllBytes(straight.resolve(MetaTrainer.OPTIMIZER_FILE)),
                Files.readAllBytes(interrupted.resolve(MetaTrainer.OPTIMIZER_FILE)));
        assertTrue(Files.readString(straight.resolve("log.csv")).equals(Files.readString(interrupted.resolve("log.csv"))));
    }

    /**
     * The general optimizer meta-trained with rescaled training runs and chosen by its ratio to tuned Adam: the
     * log's validation column holds that ratio, recomputed here by hand from the best φ's validation runs and
     * TunedAdam, and resuming with both options continues bit for bit. The listener hears of the Adam search first.
     */
    @Test
    void rescaledRunsAndSelectionByRatioToAdamResumeExactlyAndLogTheRatio() throws IOException {
        OptimizerShape shape = new OptimizerShape(4, org.l2l4j.optimizer.GradientPreprocessing.moments(10f), 0.01f,
                OptimizerShape.GENERAL.nominal());
        Path straight = dir.resolve("straight");
        Path interrupted = dir.resolve("interrupted");
        java.util.List<String> events = new java.util.ArrayList<>();
        MetaTrainingListener recording = new MetaTrainingListener() {
            @Override
            public void tuningAdam(int problem, int problems, String description) {
                events.add("tuning " + problem + " of " + problems + ": " + description);
            }

            @Override
            public void started(int firstEpoch, int epochs) {
                events.add("started");
            }
        };
        new MetaTrainer(java.util.List.of(QUADRATIC), LearnedOptimizer.nominalInit(shape, 3), generalConfig(3),
                straight, recording).train(false);
        assertEquals(java.util.List.of("tuning 0 of 1: " + QUADRATIC.describe(), "started"), events,
                "the listener hears of the Adam search before training starts");
        new MetaTrainer(java.util.List.of(QUADRATIC), LearnedOptimizer.nominalInit(shape, 3), generalConfig(1),
                interrupted, MetaTrainingListener.NONE).train(false);
        new MetaTrainer(java.util.List.of(QUADRATIC), LearnedOptimizer.nominalInit(shape, 3), generalConfig(3),
                interrupted, MetaTrainingListener.NONE).train(true);
        assertArrayEquals(Files.readAllBytes(straight.resolve(Checkpoint.FILE_NAME)),
                Files.readAllBytes(interrupted.resolve(Checkpoint.FILE_NAME)));

        LearnedOptimizer best = LearnedOptimizer.load(straight.resolve(MetaTrainer.OPTIMIZER_FILE));
        long[] seeds = {-1, -2};
        FastUnroll engine = new FastUnroll(QUADRATIC, shape, 20);
        double learned = 0;
        for (long seed : seeds) {
            RunState run = new RunState(QUADRATIC, engine.stateRows(), seed);
            for (int k = 0; k < 2; k++) {
                engine.unroll(best, run, false);
            }
            learned += QUADRATIC.finalMetrics(run.theta(), seed).loss() / seeds.length;
        }
        double ratio = learned / TunedAdam.bestMeanFinalLoss(QUADRATIC, 40, seeds);
        double logged = Files.readAllLines(straight.resolve("log.csv")).stream().skip(1)
                .mapToDouble(line -> Double.parseDouble(line.split(",", -1)[2])).min().orElseThrow();
        assertTrue(Math.abs(logged - ratio) <= 1e-6 * ratio, "logged " + logged + ", by hand " + ratio);
    }

    /**
     * Resuming a run selected by its ratio to tuned Adam takes tuned Adam's losses from the checkpoint instead of
     * searching Adam's rate again, and refuses a checkpoint whose losses were measured on other validation runs.
     */
    @Test
    void resumingKeepsTunedAdamsLossesAndRefusesOtherValidationRuns() throws IOException {
        OptimizerShape shape = new OptimizerShape(4, org.l2l4j.optimizer.GradientPreprocessing.moments(10f), 0.01f,
                OptimizerShape.GENERAL.nominal());
        Path run = dir.resolve("run");
        new MetaTrainer(java.util.List.of(QUADRATIC), LearnedOptimizer.nominalInit(shape, 3), generalConfig(1),
                run, MetaTrainingListener.NONE).train(false);
        TunedAdamLosses measured = Checkpoint.read(run).tunedAdam();
        assertEquals(java.util.List.of(QUADRATIC.describe() + ", 40 steps, validation seeds [-1, -2]"), measured.keys());
        assertEquals(TunedAdam.bestMeanFinalLoss(QUADRATIC, 40, new long[]{-1, -2}), measured.losses()[0]);

        java.util.List<String> searches = new java.util.ArrayList<>();
        MetaTrainingListener recording = new MetaTrainingListener() {
            @Override
            public void tuningAdam(int problem, int problems, String description) {
                searches.add(description);
            }
        };
        new MetaTrainer(java.util.List.of(QUADRATIC), LearnedOptimizer.nominalInit(shape, 3), generalConfig(2),
                run, recording).train(true);
        assertEquals(java.util.List.of(), searches, "no search on resume");
        assertEquals(measured, Checkpoint.read(run).tunedAdam());

        MetaTrainingConfig threeValidationRuns = new MetaTrainingConfig(40, 20, 3, 2, 0.003, 7, 1, 3,
                DivergencePolicy.STOP, Engine.FAST, 0.5, MetaTrainingConfig.Selection.RATIO_TO_ADAM);
        IOException e = assertThrows(IOException.class, () -> new MetaTrainer(java.util.List.of(QUADRATIC),
                LearnedOptimizer.nominalInit(shape, 3), threeValidationRuns, run, recording).train(true));
        assertTrue(e.getMessage().contains("validation seeds [-1, -2, -3]") && e.getMessage().contains("--validation-runs"),
                e.getMessage());
        assertEquals(java.util.List.of(), searches);
    }

    /**
     * With --max-steps, each epoch runs as many truncations as its drawn length holds (seen by the listener), the
     * lengths differ between epochs, and resuming draws the same lengths: bit for bit the uninterrupted run.
     */
    @Test
    void randomRunLengthsRunTheirDrawnTruncationsAndResumeExactly() throws IOException {
        MetaTrainingConfig config = randomLengthConfig(6);
        java.util.Map<Integer, Integer> truncationsByEpoch = new java.util.TreeMap<>();
        MetaTrainingListener counting = new MetaTrainingListener() {
            @Override
            public void truncationCompleted(int epoch, int truncation, int truncations) {
                truncationsByEpoch.merge(epoch, 1, Integer::sum);
                assertEquals(config.trainingSteps(epoch) / config.unroll(), truncations);
            }
        };
        Path straight = dir.resolve("straight");
        Path interrupted = dir.resolve("interrupted");
        new MetaTrainer(QUADRATIC, OptimizerShape.PAPER_QUADRATIC, config, straight, counting).train(false);
        for (int epoch = 0; epoch < 6; epoch++) {
            assertEquals(config.trainingSteps(epoch) / config.unroll(), truncationsByEpoch.get(epoch), "epoch " + epoch);
        }
        assertTrue(new java.util.HashSet<>(truncationsByEpoch.values()).size() > 1, "lengths " + truncationsByEpoch);

        new MetaTrainer(QUADRATIC, OptimizerShape.PAPER_QUADRATIC, randomLengthConfig(3), interrupted,
                MetaTrainingListener.NONE).train(false);
        new MetaTrainer(QUADRATIC, OptimizerShape.PAPER_QUADRATIC, config, interrupted, MetaTrainingListener.NONE)
                .train(true);
        assertArrayEquals(Files.readAllBytes(straight.resolve(Checkpoint.FILE_NAME)),
                Files.readAllBytes(interrupted.resolve(Checkpoint.FILE_NAME)));
        assertEquals(Files.readString(straight.resolve("log.csv")), Files.readString(interrupted.resolve("log.csv")));
    }

    private static MetaTrainingConfig randomLengthConfig(int epochs) {
        return new MetaTrainingConfig(20, 10, epochs, 1, 0.003, 7, 1, 2, DivergencePolicy.STOP, Engine.FAST, 0,
                MetaTrainingConfig.Selection.MEAN_LOSS, 160);
    }

    private static MetaTrainingConfig generalConfig(int epochs) {
        return new MetaTrainingConfig(40, 20, epochs, 2, 0.003, 7, 1, 2, DivergencePolicy.STOP, Engine.FAST, 0.5,
                MetaTrainingConfig.Selection.RATIO_TO_ADAM);
    }

    private static MetaTrainingConfig config(int epochs) {
        return new MetaTrainingConfig(40, 20, epochs, 2, 0.003, 7, 1, 2, DivergencePolicy.STOP);
    }

    /** f(θ_100) averaged over unseen quadratics (seeds no training or validation run uses). */
    private static double meanFinalLossLearned(LearnedOptimizer phi) {
        FastUnroll engine = new FastUnroll(QUADRATIC, phi.shape(), UNROLL);
        double sum = 0;
        for (int s = 0; s < UNSEEN; s++) {
            RunState run = new RunState(QUADRATIC, engine.stateRows(), 1_000_000_000L + s);
            double[] losses = null;
            for (int k = 0; k < STEPS / UNROLL; k++) {
                losses = engine.unroll(phi, run, false).losses();
            }
            sum += losses[UNROLL];
        }
        return sum / UNSEEN;
    }

    private static double meanFinalLossSgd(double rate) {
        LossEvaluator evaluator = QUADRATIC.evaluator();
        double sum = 0;
        for (int s = 0; s < UNSEEN; s++) {
            long seed = 1_000_000_000L + s;
            float[] theta = QUADRATIC.initialParameters(seed);
            var batches = QUADRATIC.batches(seed);
            float[] gradient = new float[theta.length];
            for (int t = 0; t < STEPS; t++) {
                evaluator.lossAndGradient(theta, batches.next(), gradient);
                for (int i = 0; i < theta.length; i++) {
                    theta[i] -= (float) (rate * gradient[i]);
                }
            }
            double loss = evaluator.lossAndGradient(theta, batches.next(), gradient);
            sum += Double.isFinite(loss) ? loss : Double.POSITIVE_INFINITY;
        }
        return sum / UNSEEN;
    }
}
