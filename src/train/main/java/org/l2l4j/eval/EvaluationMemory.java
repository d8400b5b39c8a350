package org.l2l4j.eval;

import org.l2l4j.memory.MemoryEstimate;
import org.l2l4j.memory.MemoryEstimate.Kind;
import org.l2l4j.memory.MemoryEstimate.Lever;
import org.l2l4j.memory.MemoryEstimate.Part;
import org.l2l4j.memory.Saturating;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.List;
import java.util.Locale;

/**
 * The memory {@link OptimizerComparison} holds while it races a learned optimizer against baselines
 * ({@link OptimizerRace}): the updater state and the gradient handed to the updater (ND4J arrays), θ and the
 * gradient in Java, and the loss of every step of every seed. The curves of the races already run are kept for the
 * report, so the peak comes with the last race: the learned optimizer's and every baseline's curves, or while the
 * last baseline is tuned, the others' and the tuning run's.
 */
public final class EvaluationMemory {

    private EvaluationMemory() {
    }

    public static MemoryEstimate estimate(long parameters, IUpdater learned, List<Baseline> baselines, int steps,
            int seeds) {
        long stateFloats = learned.stateSize(1);
        for (Baseline baseline : baselines) {
            stateFloats = Math.max(stateFloats, baseline.updater(1).stateSize(1));
        }
        long curves = Saturating.add(Saturating.multiply(baselines.size(), seeds),
                Math.max(seeds, OptimizerComparison.tuningSeeds().length));
        return new MemoryEstimate(List.of(
                new Part("optimizer state (" + stateFloats + " floats per parameter, "
                        + String.format(Locale.ROOT, "%,d", parameters) + " parameters)",
                        Kind.OFF_HEAP, Saturating.multiply(stateFloats, parameters, MemoryEstimate.FLOAT),
                        List.of(Lever.OPTIMIZEE_SIZE)),
                new Part("the gradient handed to the optimizer", Kind.OFF_HEAP,
                        Saturating.multiply(parameters, MemoryEstimate.FLOAT), List.of(Lever.OPTIMIZEE_SIZE)),
                new Part("θ and its gradient", Kind.HEAP, Saturating.multiply(2, parameters, MemoryEstimate.FLOAT),
                        List.of(Lever.OPTIMIZEE_SIZE)),
                new Part("loss curves (" + steps + " steps of " + curves + " runs)", Kind.HEAP,
                        Saturating.multiply(curves, steps, MemoryEstimate.DOUBLE), List.of(Lever.STEPS_AND_SEEDS))));
    }
}
