package org.l2l4j.meta;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.Problem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Meta-trains φ by truncated backpropagation through time (SPEC §1): every epoch starts fresh optimizee runs
 * (new θ_0, zero LSTM state, new minibatches); each truncation of {@code unroll} steps yields a first-order
 * meta-gradient, averaged over the epoch's runs, and one Adam step on φ. θ and the LSTM states carry over
 * between truncations with the gradient path cut. Every {@code validateEvery} epochs φ is scored on fixed
 * held-out runs and the best φ is written to {@code optimizer.l2l}; after every epoch a checkpoint lets
 * {@code --resume} continue bit for bit.
 */
public final class MetaTrainer {

    public static final String OPTIMIZER_FILE = "optimizer.l2l";

    private final List<Problem> problems;
    private final LearnedOptimizer initial;
    private final MetaTrainingConfig config;
    private final Path out;
    private final PrintStream messages;

    /** Meta-trains a φ of the given shape from its seeded random initialisation. */
    public MetaTrainer(Problem problem, OptimizerShape shape, MetaTrainingConfig config, Path out, PrintStream messages) {
        this(List.of(problem), LearnedOptimizer.randomInit(shape, config.seed()), config, out, messages);
    }

    /**
     * Meta-trains one φ, starting from {@code initial} (a random initialisation or an already trained φ to
     * fine-tune), over a mixture of problems: epoch e trains on problem e mod P, and validation averages over
     * all of them.
     */
    public MetaTrainer(List<Problem> problems, LearnedOptimizer initial, MetaTrainingConfig config, Path out, PrintStream messages) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("meta-training needs at least one problem");
        }
        this.problems = List.copyOf(problems);
        this.initial = initial;
        this.config = config;
        this.out = out;
        this.messages = messages;
    }

    /** Trains (or, with {@code resume}, continues training) and returns the best φ by validation loss. */
    public LearnedOptimizer train(boolean resume) throws IOException {
        OptimizerShape shape = initial.shape();
        List<FastUnroll> engines = new ArrayList<>();
        for (Problem problem : problems) {
            engines.add(new FastUnroll(problem, shape, config.unroll()));
        }
        TrainingLog log = new TrainingLog(out);
        int parameters = shape.parameterCount();
        Checkpoint start = resume ? Checkpoint.read(out)
                : new Checkpoint(0, 0, initial, new float[2 * parameters],
                null, Double.POSITIVE_INFINITY);
        if (!start.phi().shape().equals(shape)) {
            throw new IOException("the checkpoint in " + out + " is for an optimizer of shape " + start.phi().shape()
                    + ", not " + shape + "; resume with the same settings or use another --out");
        }
        log.reload(start.nextEpoch());
        INDArray phi = Nd4j.create(start.phi().parameters(), new long[]{1, parameters}, 'c');
        INDArray adamState = Nd4j.create(start.adamState(), new long[]{1, 2L * parameters}, 'c');
        GradientUpdater<?> adam = new Adam(config.learningRate()).instantiate(adamState, false);
        INDArray gradient = Nd4j.create(DataType.FLOAT, 1, parameters);
        int iteration = start.adamIteration();
        LearnedOptimizer current = start.phi();
        LearnedOptimizer best = start.best();
        double bestLoss = start.bestValidationLoss();
        int truncations = config.steps() / config.unroll();

        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("meta-train").setInitialMax(config.epochs())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(messages))
                .showSpeed().build()) {
            bar.stepTo(start.nextEpoch());
            for (int epoch = start.nextEpoch(); epoch < config.epochs(); epoch++) {
                Problem problem = problems.get(epoch % problems.size());
                FastUnroll engine = engines.get(epoch % problems.size());
                RunState[] runs = new RunState[config.runsPerEpoch()];
                for (int r = 0; r < runs.length; r++) {
                    runs[r] = new RunState(problem, engine.stateRows(), config.trainingSeed(epoch, r));
                }
                double lossSum = 0;
                for (int k = 0; k < truncations; k++) {
                    double[] sum = new double[parameters];
                    for (RunState run : runs) {
                        FastUnroll.Result result = engine.unroll(current, run, true);
                        lossSum += result.metaLoss();
                        double[] g = result.phiGradient();
                        for (int i = 0; i < parameters; i++) {
                            sum[i] += g[i];
                        }
                    }
                    for (int i = 0; i < parameters; i++) {
                        gradient.putScalar(i, sum[i] / runs.length);
                    }
                    adam.applyUpdater(gradient, iteration++, epoch);
                    phi.subi(gradient);
                    float[] updated = phi.toFloatVector();
                    if (!allFinite(updated)) {
                        throw new IOException(diverged(epoch, "φ became non-finite"));
                    }
                    current = current.withParameters(updated);
                }
                double meanLoss = lossSum / (runs.length * truncations * (config.unroll() + 1));
                if (!Double.isFinite(meanLoss)) {
                    throw new IOException(diverged(epoch, "the optimizee loss became " + meanLoss));
                }
                double validationLoss = Double.NaN;
                if ((epoch + 1) % config.validateEvery() == 0 || epoch == config.epochs() - 1) {
                    validationLoss = validate(engines, current);
                    if (validationLoss < bestLoss) {
                        bestLoss = validationLoss;
                        best = current;
                        best.save(out.resolve(OPTIMIZER_FILE));
                    }
                }
                log.add(new TrainingLog.Row(epoch, meanLoss, validationLoss));
                new Checkpoint(epoch + 1, iteration, current, adamState.toFloatVector(), best, bestLoss).write(out);
                bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4g", meanLoss)
                        + (Double.isInfinite(bestLoss) ? "" : String.format(Locale.ROOT, " best val %.4g", bestLoss)));
                bar.stepTo(epoch + 1);
            }
        }
        return best;
    }

    /** Mean optimizee loss of φ over the fixed held-out validation runs of every problem (no meta-gradient). */
    private double validate(List<FastUnroll> engines, LearnedOptimizer phi) {
        double sum = 0;
        int truncations = config.steps() / config.unroll();
        for (int p = 0; p < problems.size(); p++) {
            for (int r = 0; r < config.validationRuns(); r++) {
                RunState run = new RunState(problems.get(p), engines.get(p).stateRows(), config.validationSeed(r));
                for (int k = 0; k < truncations; k++) {
                    sum += engines.get(p).unroll(phi, run, false).metaLoss();
                }
            }
        }
        return sum / (problems.size() * config.validationRuns() * truncations * (config.unroll() + 1));
    }

    private String diverged(int epoch, String what) {
        return "meta-training diverged in epoch " + epoch + ": " + what + ". The best φ so far is kept in "
                + out.resolve(OPTIMIZER_FILE) + "; try a smaller --lr";
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
