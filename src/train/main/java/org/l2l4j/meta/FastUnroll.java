package org.l2l4j.meta;

import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.optimizer.TileLayout;
import org.l2l4j.optimizer.TiledLstm;
import org.l2l4j.problem.LossEvaluator;
import org.l2l4j.problem.Problem;

import java.util.stream.IntStream;

/**
 * The fast path of one truncation of meta-training: the unroll of {@link UnrolledGraph} and its first-order
 * meta-gradient, computed in Java instead of SameDiff, and held equal to it by a test.
 *
 * <p>Because the optimizee gradients are constants of the meta-objective (first order), θ_s = θ_t + Σ g and
 * dL/dg_t = Σ_{s>t} ∂f(θ_s)/∂θ_s = Σ_{s>t} ∇_s: the suffix sum of gradients the forward pass already computed.
 * What remains is backpropagation through time of the LSTM, which is independent per coordinate, so tiles of
 * coordinates run on all cores.
 *
 * <p>Memory: for every coordinate the truncation keeps only what the backward pass cannot recompute, the
 * optimizee gradients ∇_0..∇_T and the LSTM state at the truncation's start, (T + 1 + 4·hidden) floats. The
 * gates, states and features of every step, about 12·T·hidden floats more per coordinate, are recomputed tile by
 * tile during the backward pass into one {@link TileWorkspace} per worker ({@link #bytesFor}).
 *
 * <p>Dormant coordinates ({@link org.l2l4j.optimizer.DormantCoordinates}: zero gradient, zero state) take a zero
 * step and keep their state, as the graph defines; the backward pass gives them no gradient, so they contribute
 * nothing to dL/dφ.
 */
public final class FastUnroll implements TruncationEngine {

    private final OptimizerShape shape;
    private final int unroll;
    private final int n;
    private final LossEvaluator evaluator;
    /** ∇_t for t = 0..unroll, recorded by the forward pass. */
    private final float[][] gradients;
    /** The run's LSTM state (rows h1, c1, h2, c2 by unit) when the truncation started. */
    private final float[][] startState;
    /** workspaces[w] belongs to worker w's share of the coordinates. */
    private final TileWorkspace[] workspaces;

    public FastUnroll(Problem problem, OptimizerShape shape, int unroll) {
        if (unroll < 1) {
            throw new IllegalArgumentException("a truncation unrolls at least 1 step, got " + unroll);
        }
        this.shape = shape;
        this.unroll = unroll;
        this.n = problem.parameterCount();
        evaluator = problem.evaluator();
        gradients = new float[unroll + 1][n];
        startState = new float[shape.stateSize()][n];
        workspaces = new TileWorkspace[workers()];
        for (int w = 0; w < workspaces.length; w++) {
            workspaces[w] = new TileWorkspace(shape, unroll);
        }
    }

    /**
     * The bytes of the buffers a {@code FastUnroll} over {@code coordinates} allocates (array headers aside): the
     * recorded gradients and start state of every coordinate, and one tile workspace per core. The runs it
     * advances (θ and 4·hidden floats of LSTM state per coordinate each, {@link RunState}) and the problem's own
     * memory come on top.
     */
    public static long bytesFor(int coordinates, OptimizerShape shape, int unroll) {
        long floatsPerCoordinate = unroll + 1L + shape.stateSize();
        return Float.BYTES * floatsPerCoordinate * coordinates + workers() * TileWorkspace.bytesFor(shape, unroll);
    }

    private static int workers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public int stateRows() {
        return shape.stateSize();
    }

    /** The optimizee gradient ∇_t recorded by the last {@link #unroll} (t = 0..unroll). */
    public float[] recordedGradient(int t) {
        return gradients[t];
    }

    /**
     * Runs {@code unroll} optimizer steps of {@code run} with φ, advancing its θ and LSTM state, and returns the
     * meta-loss over f(θ_0..θ_T) with, if asked, its first-order gradient in φ.
     */
    @Override
    public Result unroll(LearnedOptimizer phi, RunState run, boolean withGradient) {
        if (!phi.shape().equals(shape)) {
            throw new IllegalArgumentException("this unroll was built for " + shape + ", not " + phi.shape());
        }
        TiledLstm lstm = new TiledLstm(phi);
        if (withGradient) {
            for (int r = 0; r < shape.stateSize(); r++) {
                System.arraycopy(run.lstmState[r], 0, startState[r], 0, n);
            }
        }
        long firstStep = run.steps;
        double[] losses = new double[unroll + 1];
        double metaLoss = 0;
        for (int t = 0; t <= unroll; t++) {
            float[] g = gradients[t];
            losses[t] = evaluator.lossAndGradient(run.theta, run.batches.next(), g);
            metaLoss += losses[t];
            if (t < unroll) {
                long stepIndex = run.steps++;
                forEachTile((workspace, from, to) -> workspace.advance(lstm, g, run.lstmState, run.theta, stepIndex,
                        from, to));
            }
        }
        return new Result(metaLoss, losses, withGradient ? backward(lstm, firstStep) : null);
    }

    private double[] backward(TiledLstm lstm, long firstStep) {
        for (TileWorkspace workspace : workspaces) {
            workspace.accumulator.clear();
        }
        forEachTile((workspace, from, to) -> workspace.backpropagate(lstm, gradients, startState, firstStep, from,
                to));
        double[] gradient = new double[shape.parameterCount()];
        for (TileWorkspace workspace : workspaces) {
            workspace.accumulator.addTo(gradient, shape);
        }
        return gradient;
    }

    private interface TileTask {
        void run(TileWorkspace workspace, int from, int to);
    }

    /** Runs {@code task} on every tile, each worker over its own share in order with its own workspace. */
    private void forEachTile(TileTask task) {
        IntStream.range(0, workspaces.length).parallel().forEach(w -> {
            int[] range = chunk(w);
            for (int start = range[0]; start < range[1]; start += TileLayout.TILE) {
                task.run(workspaces[w], start, Math.min(range[1], start + TileLayout.TILE));
            }
        });
    }

    /** Worker w's share of the coordinates, in whole tiles. */
    private int[] chunk(int w) {
        int shares = workspaces.length;
        return new int[]{TileLayout.shareStart(n, shares, w), TileLayout.shareStart(n, shares, w + 1)};
    }
}
