package org.l2l4j.meta;

import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.Problem;

import java.util.Arrays;
import java.util.Locale;

/** How meta-training computes each truncation; both compute the same meta-gradient. */
public enum Engine {

    /** {@link FastUnroll}: the truncation in plain Java on all cores. The default. */
    FAST,

    /**
     * {@link SameDiffUnroll}: the truncation through the unrolled SameDiff graph that defines it. Much slower; for
     * checking the fast path end to end and for optimizees defined only as SameDiff graphs. Needs problems that
     * implement {@link org.l2l4j.problem.SameDiffLoss}.
     */
    SAMEDIFF;

    /** Refuses, before any work, a problem this engine cannot meta-train, saying why and what to do instead. */
    public void requireSupports(Problem problem) {
        if (this == SAMEDIFF) {
            SameDiffUnroll.sameDiffLoss(problem);
        }
    }

    /** The name options use: fast, samediff. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The engine of this {@link #label()}; the error lists the choices. */
    public static Engine named(String label) {
        for (Engine engine : values()) {
            if (engine.label().equals(label)) {
                return engine;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + label + "': expected one of "
                + Arrays.stream(values()).map(Engine::label).toList());
    }

    public TruncationEngine create(Problem problem, OptimizerShape shape, int unroll) {
        return switch (this) {
            case FAST -> new FastUnroll(problem, shape, unroll);
            case SAMEDIFF -> new SameDiffUnroll(problem, shape, unroll);
        };
    }
}
