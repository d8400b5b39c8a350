package org.l2l4j.spark;

import org.l2l4j.meta.Engine;
import org.l2l4j.meta.TruncationEngine;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.Problem;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What an executor JVM keeps between tasks: each problem built once from its recipe (an MNIST problem reads the
 * data set), and unroll engines, whose buffers are large, reused by one task at a time.
 */
final class ExecutorResources {

    private record EngineKey(ProblemRecipe recipe, Engine engine, OptimizerShape shape, int unroll) {
    }

    private static final Map<ProblemRecipe, Problem> PROBLEMS = new ConcurrentHashMap<>();
    private static final Map<EngineKey, Queue<TruncationEngine>> IDLE_ENGINES = new ConcurrentHashMap<>();

    private ExecutorResources() {
    }

    static Problem problem(ProblemRecipe recipe) {
        return PROBLEMS.computeIfAbsent(recipe, ProblemRecipe::create);
    }

    /** An engine no other task is using; hand it back with {@link #release}. */
    static TruncationEngine borrowEngine(ProblemRecipe recipe, Engine engine, OptimizerShape shape, int unroll) {
        TruncationEngine idle = idle(new EngineKey(recipe, engine, shape, unroll)).poll();
        return idle != null ? idle : engine.create(problem(recipe), shape, unroll);
    }

    static void release(ProblemRecipe recipe, Engine engine, OptimizerShape shape, int unroll,
            TruncationEngine unrolls) {
        idle(new EngineKey(recipe, engine, shape, unroll)).add(unrolls);
    }

    private static Queue<TruncationEngine> idle(EngineKey key) {
        return IDLE_ENGINES.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
    }
}
