package org.l2l4j.eval;

import org.l2l4j.optimizer.FloatSegments;
import org.l2l4j.optimizer.OffHeapFloats;
import org.l2l4j.problem.BatchSource;
import org.l2l4j.problem.FinalMetrics;
import org.l2l4j.problem.LossEvaluator;
import org.l2l4j.problem.Problem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Trains one problem with any DL4J updater (the learned one included, through the same GradientUpdater
 * interface DL4J networks use), fairly: for a given seed every optimizer starts from the same θ_0 and sees the
 * same minibatch sequence, and every run starts with fresh optimizer state.
 */
public final class OptimizerRace {

    /** A race that runs longer than this says how long it will take, so that a week-long run is noticed early. */
    private static final long ESTIMATE_AFTER_NANOS = 10_000_000_000L;

    private final Problem problem;
    private final int steps;
    private final PrintStream progress;

    public OptimizerRace(Problem problem, int steps, PrintStream progress) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        this.problem = problem;
        this.steps = steps;
        this.progress = progress;
    }

    public RaceResult run(String name, Double learningRate, IUpdater updater, long[] seeds) {
        int n = problem.parameterCount();
        LossEvaluator evaluator = problem.evaluator();
        float[] gradient = new float[n];
        INDArray gradientArray = Nd4j.create(DataType.FLOAT, 1, n);
        FloatSegments updateFloats = OffHeapFloats.of(gradientArray, "gradient");
        long stateSize = updater.stateSize(n);
        INDArray state = stateSize == 0 ? null : Nd4j.create(DataType.FLOAT, 1, stateSize);
        double[][] losses = new double[seeds.length][steps];
        double[] finalLoss = new double[seeds.length];
        double[] finalAccuracy = new double[seeds.length];
        long startNanos = System.nanoTime();
        boolean estimated = false;
        for (int s = 0; s < seeds.length; s++) {
            float[] theta = problem.initialParameters(seeds[s]);
            BatchSource batches = problem.batches(seeds[s]);
            GradientUpdater<?> fresh = updater.instantiate(state, true);
            boolean diverged = false;
            for (int t = 0; t < steps; t++) {
                double loss = evaluator.lossAndGradient(theta, batches.next(), gradient);
                losses[s][t] = loss;
                if (!Double.isFinite(loss) || diverged) {
                    diverged = true;
                    losses[s][t] = Double.POSITIVE_INFINITY;
                    continue;
                }
                updateFloats.put(0, gradient, 0, n);
                fresh.applyUpdater(gradientArray, t, 0);
                float[] update = gradient; // the update overwrites the gradient it was made from
                updateFloats.get(0, update, 0, n);
                for (int i = 0; i < n; i++) {
                    theta[i] -= update[i];
                }
                if (!estimated && s == 0 && System.nanoTime() - startNanos >= ESTIMATE_AFTER_NANOS) {
                    estimated = true;
                    double perStep = (System.nanoTime() - startNanos) / (t + 1.0);
                    progress.printf("  %s: about %s for %d run(s) of %d steps (estimated from the first %d steps)%n",
                            name, describe(perStep * steps * seeds.length), seeds.length, steps, t + 1);
                }
            }
            FinalMetrics metrics = diverged ? new FinalMetrics(Double.POSITIVE_INFINITY, Double.NaN)
                    : problem.finalMetrics(theta, seeds[s]);
            finalLoss[s] = Double.isFinite(metrics.loss()) ? metrics.loss() : Double.POSITIVE_INFINITY;
            finalAccuracy[s] = metrics.accuracy();
        }
        RaceResult result = new RaceResult(name, learningRate, losses, finalLoss, finalAccuracy);
        progress.printf("  %-8s %s final loss %.4f ± %.4f%n", name,
                learningRate == null ? "          " : String.format("lr %-6s", learningRate),
                result.meanFinalLoss(), result.stdFinalLoss());
        return result;
    }

    /** "2 h 5 min", "3 days 4 h": the time a long race will take, as a person plans with it. */
    private static String describe(double nanos) {
        double seconds = nanos / 1e9;
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        long minutes = (long) Math.min(seconds / 60, Long.MAX_VALUE);
        if (minutes < 120) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        return hours < 48 ? hours + " h " + minutes % 60 + " min" : hours / 24 + " days " + hours % 24 + " h";
    }

    /** The baseline at the rate of its grid with the lowest mean final loss on the tuning seeds. */
    public double tune(Baseline baseline, long[] tuningSeeds) {
        double bestRate = Double.NaN;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double rate : Baseline.learningRateGrid()) {
            double loss = run(baseline.label(), rate, baseline.updater(rate), tuningSeeds).meanFinalLoss();
            if (loss < bestLoss) {
                bestLoss = loss;
                bestRate = rate;
            }
        }
        if (Double.isNaN(bestRate)) {
            throw new IllegalStateException(baseline.label() + " diverged at every learning rate of the grid");
        }
        return bestRate;
    }
}
