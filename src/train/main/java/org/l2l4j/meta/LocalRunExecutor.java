package org.l2l4j.meta;

import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.problem.Problem;

import java.util.ArrayList;
import java.util.List;

/** Runs an epoch's optimizee runs one after another in this JVM, each on all cores. */
public final class LocalRunExecutor implements RunExecutor {

    private final List<Problem> problems;
    private final List<TruncationEngine> engines;
    private TruncationEngine engine;
    private RunState[] runs = new RunState[0];

    /** {@code engines.get(p)} unrolls {@code problems.get(p)}. */
    public LocalRunExecutor(List<Problem> problems, List<TruncationEngine> engines) {
        this.problems = problems;
        this.engines = engines;
    }

    @Override
    public void startRuns(int problemIndex, long[] seeds) {
        engine = engines.get(problemIndex);
        runs = new RunState[seeds.length];
        for (int r = 0; r < runs.length; r++) {
            runs[r] = new RunState(problems.get(problemIndex), engine.stateRows(), seeds[r]);
        }
    }

    @Override
    public List<RunGradient> truncation(LearnedOptimizer phi) {
        List<RunGradient> results = new ArrayList<>(runs.length);
        for (RunState run : runs) {
            TruncationEngine.Result result = engine.unroll(phi, run, true);
            results.add(new RunGradient(result.metaLoss(), result.phiGradient()));
        }
        return results;
    }

    @Override
    public void close() {
        runs = new RunState[0];
    }
}
