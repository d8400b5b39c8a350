package org.l2l4j.meta;

import org.l2l4j.memory.MemoryEstimate;
import org.l2l4j.memory.MemoryEstimate.Kind;
import org.l2l4j.memory.MemoryEstimate.Lever;
import org.l2l4j.memory.MemoryEstimate.Part;
import org.l2l4j.memory.Saturating;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.Problem;

import java.util.List;
import java.util.Locale;

/**
 * The memory {@link MetaTrainer} holds: one {@link FastUnroll} per problem ({@link FastUnroll#bytesFor}), all
 * allocated when training starts, and during an epoch its training runs plus one validation run, each with θ and the LSTM state of every
 * coordinate ({@link RunState}). It depends on the unroll, not on the number of steps or epochs.
 */
public final class MetaTrainingMemory {

    private MetaTrainingMemory() {
    }

    /** Meta-training over problems of these parameter counts (one for a single problem, several for a mixture). */
    public static MemoryEstimate estimate(List<Long> problemParameterCounts, OptimizerShape shape, int unroll,
            int runsPerEpoch) {
        long coordinates = 0;
        long largest = 0;
        for (long n : problemParameterCounts) {
            coordinates = Saturating.add(coordinates, n);
            largest = Math.max(largest, n);
        }
        // FastUnroll.bytesFor is linear in the coordinates; taken apart so that counts past an int saturate
        long workspaces = FastUnroll.bytesFor(0, shape, unroll);
        long perCoordinate = FastUnroll.bytesFor(1, shape, unroll) - workspaces;
        long runs = runsPerEpoch + 1L;
        return new MemoryEstimate(List.of(
                new Part("meta-training buffers (" + perCoordinate / MemoryEstimate.FLOAT
                        + " floats per coordinate for an unroll of " + unroll + ", "
                        + String.format(Locale.ROOT, "%,d", coordinates) + " coordinates, and the tile workspaces)",
                        Kind.HEAP, Saturating.add(Saturating.multiply(perCoordinate, coordinates),
                        Saturating.multiply(problemParameterCounts.size(), workspaces)),
                        List.of(Lever.UNROLL, Lever.OPTIMIZEE_SIZE)),
                new Part("optimizee runs (θ and " + shape.stateSize() + " floats of LSTM state per coordinate, " + runs
                        + " runs of " + String.format(Locale.ROOT, "%,d", largest) + " coordinates)", Kind.HEAP,
                        Saturating.multiply(runs, 1L + shape.stateSize(), largest, MemoryEstimate.FLOAT),
                        List.of(Lever.RUNS_PER_EPOCH, Lever.OPTIMIZEE_SIZE))));
    }

    /** The estimate for a trainer's own problems and settings. */
    static MemoryEstimate estimate(List<? extends Problem> problems, OptimizerShape shape,
            MetaTrainingConfig config) {
        return estimate(problems.stream().map(p -> (long) p.parameterCount()).toList(), shape, config.unroll(),
                config.runsPerEpoch());
    }
}
