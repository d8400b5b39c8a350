package org.l2l4j.spark;

import org.apache.spark.api.java.function.Function;
import org.l2l4j.meta.Engine;
import org.l2l4j.meta.RunGradient;
import org.l2l4j.meta.RunState;
import org.l2l4j.meta.TruncationEngine;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.problem.Problem;

import java.util.List;

/**
 * One truncation of one run, as executors run it: θ and the LSTM state advance by {@code unroll} steps under the
 * φ this task carries, and the run's meta-loss and φ-gradient come out. The task is a pure function of its input
 * snapshot and φ, so Spark can recompute a lost run's state from its seed and the φ of each earlier truncation
 * (its lineage), and get the same bits.
 */
final class TruncationTask implements Function<RunSnapshot, TruncationTask.Output> {

    /** The run after the truncation, and what the truncation gave meta-training. */
    record Output(RunSnapshot state, RunGradient gradient) implements java.io.Serializable {
    }

    private final List<ProblemRecipe> problems;
    private final Engine engine;
    private final int unroll;
    private final byte[] phi;

    TruncationTask(List<ProblemRecipe> problems, Engine engine, int unroll, LearnedOptimizer phi) {
        this.problems = problems;
        this.engine = engine;
        this.unroll = unroll;
        this.phi = phi.toBytes();
    }

    @Override
    public Output call(RunSnapshot run) {
        LearnedOptimizer optimizer = LearnedOptimizer.fromBytes(phi, "the φ sent by the driver");
        ProblemRecipe recipe = problems.get(run.problemIndex());
        Problem problem = ExecutorResources.problem(recipe);
        TruncationEngine unrolls = ExecutorResources.borrowEngine(recipe, engine, optimizer.shape(), unroll);
        try {
            CountingBatches batches = new CountingBatches(problem.batches(run.seed()), run.batchesUsed());
            RunState state = run.isFresh()
                    ? new RunState(problem.initialParameters(run.seed()),
                    new float[unrolls.stateRows()][problem.parameterCount()], batches, 0)
                    // copies: the input snapshot may be a cached object that a recomputation reads again
                    : new RunState(run.theta().clone(), deepCopy(run.lstmState()), batches, run.steps());
            TruncationEngine.Result result = unrolls.unroll(optimizer, state, true);
            return new Output(new RunSnapshot(run.problemIndex(), run.seed(), batches.used(), state.steps(),
                    state.theta(), state.lstmState()), new RunGradient(result.metaLoss(), result.phiGradient()));
        } finally {
            ExecutorResources.release(recipe, engine, optimizer.shape(), unroll, unrolls);
        }
    }

    private static float[][] deepCopy(float[][] rows) {
        float[][] copy = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }
}
