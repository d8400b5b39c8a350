package org.l2l4j.meta;

import org.l2l4j.problem.LossEvaluator;
import org.l2l4j.problem.Problem;

import java.util.function.IntPredicate;

/**
 * A problem whose gradient is exactly zero for the coordinates {@code frozen} picks, as for the parameters of a
 * frozen layer: the loss still depends on them, but nothing ever asks them to move.
 */
final class FrozenCoordinatesProblem extends ForwardingProblem {

    final IntPredicate frozen;

    FrozenCoordinatesProblem(Problem problem, IntPredicate frozen) {
        super(problem);
        this.frozen = frozen;
    }

    @Override
    public LossEvaluator evaluator() {
        LossEvaluator evaluator = problem.evaluator();
        return (theta, batch, gradient) -> {
            double loss = evaluator.lossAndGradient(theta, batch, gradient);
            for (int b = 0; b < gradient.length; b++) {
                if (frozen.test(b)) {
                    gradient[b] = 0f;
                }
            }
            return loss;
        };
    }
}
