package org.l2l4j.meta;

import org.l2l4j.io.AtomicFiles;
import org.l2l4j.memory.MemoryLimits;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.RescaledProblem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Meta-trains φ by truncated backpropagation through time (docs/method.md §1.5-§1.7): every epoch starts fresh
 * optimizee runs (new θ_0, zero LSTM state, new minibatches); each truncation of {@code unroll} steps yields a
 * first-order meta-gradient, averaged over the epoch's runs, and one Adam step on φ. θ and the LSTM states carry
 * over between truncations with the gradient path cut. Every {@code validateEvery} epochs φ is scored on fixed
 * held-out runs and the best φ is written to {@code optimizer.l2l}; after every epoch a checkpoint lets
 * {@code --resume} continue bit for bit.
 */
public final class MetaTrainer {

    /** Rollbacks after which a run that keeps diverging stops: by then the meta learning rate is 1/32 of its start. */
    public static final int MAX_ROLLBACKS = 5;

    public static final String OPTIMIZER_FILE = "optimizer.l2l";

    private final List<Problem> problems;
    /** The problems the training runs optimize: {@link #problems}, reparameterised if the config asks for it. */
    private final List<Problem> trainingProblems;
    private final LearnedOptimizer initial;
    private final MetaTrainingConfig config;
    private final Path out;
    private final MetaTrainingListener listener;
    /**
     * Per problem, tuned Adam's mean final loss on the validation runs, for {@link #validate}'s ratios: set when
     * training starts if the selection needs it, else null.
     */
    private double[] adamLosses;

    /** Meta-trains a φ of the given shape from its seeded random initialisation. */
    public MetaTrainer(Problem problem, OptimizerShape shape, MetaTrainingConfig config, Path out,
            MetaTrainingListener listener) {
        this(List.of(problem), LearnedOptimizer.randomInit(shape, config.seed()), config, out, listener);
    }

    /**
     * Meta-trains one φ, starting from {@code initial} (a random initialisation or an already trained φ to
     * fine-tune), over a mixture of problems: epoch e trains on problem e mod P, and validation averages over
     * all of them.
     */
    public MetaTrainer(List<Problem> problems, LearnedOptimizer initial, MetaTrainingConfig config, Path out,
            MetaTrainingListener listener) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("meta-training needs at least one problem");
        }
        problems.forEach(config.engine()::requireSupports);
        this.problems = List.copyOf(problems);
        this.trainingProblems = config.rescaleRange() == 0 ? this.problems
                : this.problems.stream().<Problem>map(p -> new RescaledProblem(p, config.rescaleRange())).toList();
        this.initial = initial;
        this.config = config;
        this.out = out;
        this.listener = listener;
    }

    /**
     * Trains (or, with {@code resume}, continues training) with every optimizee run in this JVM and returns the
     * best φ by validation loss.
     *
     * @throws org.l2l4j.memory.InsufficientMemoryException before any work when the run cannot fit in this JVM
     */
    public LearnedOptimizer train(boolean resume) throws IOException {
        List<TruncationEngine> engines = engines(problems);
        List<TruncationEngine> trainingEngines = trainingProblems == problems ? engines : engines(trainingProblems);
        try (RunExecutor local = new LocalRunExecutor(trainingProblems, trainingEngines)) {
            return train(resume, local, engines);
        }
    }

    /**
     * Trains like {@link #train(boolean)}, but the training runs execute on {@code runs}, which must run
     * this trainer's problems, in the same order. Validation stays in this JVM.
     */
    public LearnedOptimizer train(boolean resume, RunExecutor runs) throws IOException {
        if (config.rescaleRange() != 0) {
            throw new IllegalArgumentException("rescaling augments the runs of this JVM's executor only; a run"
                    + " executor of its own (Spark) trains on the problems as they are: drop the rescaling");
        }
        return train(resume, runs, engines(problems));
    }

    private List<TruncationEngine> engines(List<Problem> problems) {
        if (config.engine() == Engine.FAST) { // the SameDiff engine's graph is not estimated
            MetaTrainingMemory.estimate(problems, initial.shape(), config).requireFits(MemoryLimits.ofThisJvm());
        }
        List<TruncationEngine> engines = new ArrayList<>();
        for (Problem problem : problems) {
            engines.add(config.engine().create(problem, initial.shape(), config.unroll()));
        }
        return engines;
    }

    private LearnedOptimizer train(boolean resume, RunExecutor runs, List<TruncationEngine> engines)
            throws IOException {
        OptimizerShape shape = initial.shape();
        TrainingLog log = new TrainingLog(out);
        Checkpoint state = resume ? Checkpoint.read(out) : Checkpoint.start(initial);
        if (resume) {
            AtomicFiles.deleteLeftovers(out);
        }
        if (!state.phi().shape().equals(shape)) {
            throw new IOException("the checkpoint in " + out + " is for an optimizer of shape " + state.phi().shape()
                    + ", not " + shape + "; resume with the same settings or use another --out");
        }
        log.reload(state.nextEpoch());
        Scratch scratch = new Scratch(shape.parameterCount());
        adamLosses = null;
        if (config.selection() == MetaTrainingConfig.Selection.RATIO_TO_ADAM) {
            state = state.withTunedAdam(tunedAdamLosses(state.tunedAdam()));
            adamLosses = state.tunedAdam().losses();
        }

        listener.started(state.nextEpoch(), config.epochs());
        long startNanos = System.nanoTime();
        int firstEpoch = state.nextEpoch();
        while (state.nextEpoch() < config.epochs()) {
            int epoch = state.nextEpoch();
            Checkpoint next;
            try {
                next = runEpoch(state, runs, engines, log, scratch);
            } catch (RunExecutionException e) {
                throw new IOException("the optimizee runs of epoch " + epoch + " failed: " + e.getMessage()
                        + ". The best φ so far is kept in " + out.resolve(OPTIMIZER_FILE) + " and the checkpoint of"
                        + " the last completed epoch in " + out.resolve(Checkpoint.FILE_NAME)
                        + "; fix the cause and continue with --resume", e);
            } catch (Divergence d) {
                String report = "meta-training diverged in epoch " + epoch + ": " + d.getMessage()
                        + ". The best φ so far is kept in " + out.resolve(OPTIMIZER_FILE);
                if (config.onDivergence() == DivergencePolicy.STOP) {
                    throw new IOException(report + "; try a smaller --lr, or --on-divergence roll-back");
                }
                if (state.rollbacks() == MAX_ROLLBACKS) {
                    throw new IOException(report + "; " + MAX_ROLLBACKS + " rollbacks, each halving the meta"
                            + " learning rate, did not help: try a much smaller --lr");
                }
                state = state.rolledBack();
                listener.rolledBack(report, learningRate(state), state.rollbacks());
                continue;
            }
            state = next;
            int done = state.nextEpoch() - firstEpoch;
            Duration remaining = Duration.ofNanos((System.nanoTime() - startNanos) / done
                    * (config.epochs() - state.nextEpoch()));
            listener.epochCompleted(new MetaTrainingListener.Progress(config.epochs(), log.rows(),
                    state.bestValidationLoss(), remaining));
        }
        return state.best();
    }

    /**
     * Runs epoch {@code from.nextEpoch()}: fresh optimizee runs, one Adam step on φ per truncation, validation
     * when due. Only once the whole epoch stayed finite does it save a better φ, extend the log and write the
     * checkpoint it returns.
     */
    private Checkpoint runEpoch(Checkpoint from, RunExecutor runs, List<TruncationEngine> engines, TrainingLog log,
            Scratch scratch) throws IOException, Divergence {
        int epoch = from.nextEpoch();
        int parameters = scratch.gradient.length;
        INDArray phi = scratch.phi(from.phi().parameters());
        INDArray adamState = scratch.adamState(from.adamState());
        GradientUpdater<?> adam = new Adam(learningRate(from)).instantiate(adamState, false);
        int iteration = from.adamIteration();
        LearnedOptimizer current = from.phi();

        long[] seeds = new long[config.runsPerEpoch()];
        for (int r = 0; r < seeds.length; r++) {
            seeds[r] = config.trainingSeed(epoch, r);
        }
        runs.startRuns(epoch % problems.size(), seeds);
        int truncations = config.trainingSteps(epoch) / config.unroll();
        double lossSum = 0;
        for (int k = 0; k < truncations; k++) {
            Arrays.fill(scratch.gradientSum, 0);
            List<RunGradient> results = runs.truncation(current);
            if (results.size() != seeds.length) {
                throw new IllegalStateException(seeds.length + " runs started but " + results.size() + " returned");
            }
            // in run order, in double: the same sum wherever the runs executed
            for (RunGradient result : results) {
                lossSum += result.metaLoss();
                double[] g = result.phiGradient();
                for (int i = 0; i < parameters; i++) {
                    scratch.gradientSum[i] += g[i];
                }
            }
            for (int i = 0; i < parameters; i++) {
                scratch.gradient[i] = (float) (scratch.gradientSum[i] / seeds.length);
            }
            INDArray gradient = scratch.gradientArray();
            adam.applyUpdater(gradient, iteration++, epoch);
            phi.subi(gradient);
            float[] updated = phi.toFloatVector();
            if (!allFinite(updated)) {
                throw new Divergence("φ became non-finite");
            }
            current = current.withParameters(updated);
            listener.truncationCompleted(epoch, k, truncations);
        }
        double meanLoss = lossSum / (seeds.length * truncations * (config.unroll() + 1));
        if (!Double.isFinite(meanLoss)) {
            throw new Divergence("the optimizee loss became " + meanLoss);
        }
        double validationLoss = Double.NaN;
        if ((epoch + 1) % config.validateEvery() == 0 || epoch == config.epochs() - 1) {
            validationLoss = validate(engines, current);
            if (!Double.isFinite(validationLoss)) {
                throw new Divergence("the validation loss became " + validationLoss);
            }
        }
        boolean improved = validationLoss < from.bestValidationLoss(); // false when no validation ran (NaN)
        Checkpoint next = new Checkpoint(epoch + 1, iteration, current, adamState.toFloatVector(),
                improved ? current : from.best(), improved ? validationLoss : from.bestValidationLoss(),
                from.rollbacks(), from.tunedAdam());
        try {
            if (improved) {
                next.best().save(out.resolve(OPTIMIZER_FILE));
            }
            log.add(new EpochResult(epoch, meanLoss, validationLoss));
            next.write(out);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + ". Meta-training stopped in epoch " + epoch + "; files are"
                    + " written atomically, so " + Checkpoint.FILE_NAME + " and " + OPTIMIZER_FILE + " in " + out
                    + " are complete: fix the cause and continue from the last completed epoch with --resume", e);
        }
        return next;
    }

    private double learningRate(Checkpoint state) {
        return config.learningRate() / (1L << state.rollbacks());
    }

    /**
     * Tuned Adam's losses on the validation runs: those of the checkpoint resumed from, if it has them, which must
     * then be for the same problems, run length and validation seeds; otherwise measured now.
     */
    private TunedAdamLosses tunedAdamLosses(TunedAdamLosses resumed) throws IOException {
        long[] seeds = new long[config.validationRuns()];
        for (int r = 0; r < seeds.length; r++) {
            seeds[r] = config.validationSeed(r);
        }
        List<String> keys = new ArrayList<>();
        for (Problem problem : problems) {
            keys.add(TunedAdamLosses.key(problem.describe(), config.steps(), seeds));
        }
        if (resumed != null) {
            if (!resumed.keys().equals(keys)) {
                throw new IOException("the checkpoint in " + out + " compares φ with tuned Adam on " + resumed.keys()
                        + ", not on " + keys + "; resume with the same training problems, --steps and --validation-runs,"
                        + " or use another --out");
            }
            return resumed;
        }
        double[] losses = new double[problems.size()];
        for (int p = 0; p < losses.length; p++) {
            listener.tuningAdam(p, losses.length, problems.get(p).describe());
            losses[p] = TunedAdam.bestMeanFinalLoss(problems.get(p), config.steps(), seeds);
        }
        return new TunedAdamLosses(keys, losses);
    }

    /** φ's validation score by the config's {@link MetaTrainingConfig.Selection}; lower is better. */
    private double validate(List<TruncationEngine> engines, LearnedOptimizer phi) {
        return adamLosses == null ? meanValidationLoss(engines, phi) : ratioToAdam(engines, phi);
    }

    /**
     * The geometric mean over the problems of φ's mean final loss on the validation runs over tuned Adam's; a
     * diverged run makes it infinite.
     */
    private double ratioToAdam(List<TruncationEngine> engines, LearnedOptimizer phi) {
        double logSum = 0;
        int truncations = config.steps() / config.unroll();
        for (int p = 0; p < problems.size(); p++) {
            double sum = 0;
            for (int r = 0; r < config.validationRuns(); r++) {
                long seed = config.validationSeed(r);
                RunState run = new RunState(problems.get(p), engines.get(p).stateRows(), seed);
                for (int k = 0; k < truncations; k++) {
                    engines.get(p).unroll(phi, run, false);
                }
                sum += problems.get(p).finalMetrics(run.theta(), seed).loss();
            }
            logSum += Math.log(sum / config.validationRuns() / adamLosses[p]);
        }
        double ratio = Math.exp(logSum / problems.size());
        return Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio;
    }

    /** Mean optimizee loss of φ over the fixed held-out validation runs of every problem (no meta-gradient). */
    private double meanValidationLoss(List<TruncationEngine> engines, LearnedOptimizer phi) {
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

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** φ, Adam's state and the meta-gradient as arrays reused by every truncation of every epoch. */
    private static final class Scratch {
        final double[] gradientSum;
        final float[] gradient;
        private final INDArray gradientArray;
        private final INDArray phiArray;
        private final INDArray adamStateArray;

        Scratch(int parameters) {
            gradientSum = new double[parameters];
            gradient = new float[parameters];
            gradientArray = Nd4j.create(DataType.FLOAT, 1, parameters);
            phiArray = Nd4j.create(DataType.FLOAT, 1, parameters);
            adamStateArray = Nd4j.create(DataType.FLOAT, 1, 2L * parameters);
        }

        /** {@link #gradient} as the row Adam turns into the update in place. */
        INDArray gradientArray() {
            gradientArray.data().setData(gradient);
            return gradientArray;
        }

        INDArray phi(float[] values) {
            phiArray.data().setData(values);
            return phiArray;
        }

        INDArray adamState(float[] values) {
            adamStateArray.data().setData(values);
            return adamStateArray;
        }
    }

    /** An epoch that produced a non-finite φ or loss. */
    private static final class Divergence extends Exception {
        Divergence(String what) {
            super(what);
        }
    }
}
