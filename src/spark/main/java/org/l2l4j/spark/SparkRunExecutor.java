package org.l2l4j.spark;

import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.l2l4j.meta.Engine;
import org.l2l4j.meta.RunExecutionException;
import org.l2l4j.meta.RunExecutor;
import org.l2l4j.meta.RunGradient;
import org.l2l4j.optimizer.LearnedOptimizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs each epoch's optimizee runs on Spark executors, one partition per run, while the driver keeps φ and
 * Adam's state (docs/spark.md).
 *
 * <p>A run's θ and LSTM state stay on the executor that computed them, cached between truncations; only φ goes
 * out (inside each task) and only the run's meta-loss and φ-gradient come back. Each truncation is a Spark map
 * over the previous truncation's cached states, so a state lost with its executor is recomputed from the run's
 * seed through the φ of each earlier truncation of the epoch, which gives the same bits.
 */
public final class SparkRunExecutor implements RunExecutor {

    private final JavaSparkContext spark;
    private final List<ProblemRecipe> problems;
    private final Engine engine;
    private final int unroll;
    private JavaRDD<RunSnapshot> runs;
    /** The cached output of the last truncation, released when the next one is cached or the epoch ends. */
    private JavaRDD<TruncationTask.Output> cached;

    /**
     * {@code problems} in the trainer's order, each rebuilt by the executors from its recipe, unrolled by the
     * trainer's {@code engine} {@code unroll} steps per truncation.
     */
    public SparkRunExecutor(JavaSparkContext spark, List<ProblemRecipe> problems, Engine engine, int unroll) {
        this.spark = spark;
        this.problems = List.copyOf(problems);
        this.engine = engine;
        this.unroll = unroll;
    }

    @Override
    public void startRuns(int problemIndex, long[] seeds) {
        release();
        List<RunSnapshot> fresh = new ArrayList<>(seeds.length);
        for (long seed : seeds) {
            fresh.add(RunSnapshot.fresh(problemIndex, seed));
        }
        runs = spark.parallelize(fresh, seeds.length);
    }

    @Override
    public List<RunGradient> truncation(LearnedOptimizer phi) {
        if (runs == null) {
            throw new IllegalStateException("startRuns must come before a truncation");
        }
        JavaRDD<TruncationTask.Output> next = runs.map(new TruncationTask(problems, engine, unroll, phi))
                .persist(StorageLevel.MEMORY_ONLY());
        List<RunGradient> gradients;
        try {
            // partition order is run order
            gradients = next.map(TruncationTask.Output::gradient).collect();
        } catch (Exception e) { // Scala throws SparkException, a checked exception Java cannot name here
            next.unpersist(false);
            throw new RunExecutionException("Spark gave up on the runs' truncation: " + rootMessage(e), e);
        }
        release();
        cached = next;
        runs = next.map(TruncationTask.Output::state);
        return gradients;
    }

    /** Releases the cached run states; the SparkContext stays the caller's to stop. */
    @Override
    public void close() {
        release();
        runs = null;
    }

    private void release() {
        if (cached != null) {
            try {
                cached.unpersist(false);
            } catch (RuntimeException ignored) {
                // the context is already stopped: nothing is cached any more
            }
            cached = null;
        }
    }

    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        if (e instanceof SparkException && message != null) {
            // "Job aborted due to stage failure: ... most recent failure: Lost task ...: <the worker's exception>"
            int firstLine = message.indexOf('\n');
            return firstLine < 0 ? message : message.substring(0, firstLine);
        }
        return message == null ? e.getClass().getName() : message;
    }
}
