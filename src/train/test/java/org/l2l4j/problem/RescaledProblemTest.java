package org.l2l4j.problem;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reparameterised optimizee is the task itself seen through θ = s ⊙ θ̃: the same loss at corresponding
 * points, the chain rule's gradient (checked by finite differences), the same final metrics, scales in range.
 */
class RescaledProblemTest {

    private static final QuadraticProblem TASK = new QuadraticProblem(3, 4);
    private static final double RANGE = 1.5;

    @Test
    void startsWhereTheTaskStartsAndScoresTheSame() {
        RescaledProblem rescaled = new RescaledProblem(TASK, RANGE);
        for (long seed = 0; seed < 6; seed++) {
            float[] scales = rescaled.scales(seed);
            float[] rescaledStart = rescaled.initialParameters(seed);
            float[] start = TASK.initialParameters(seed);
            for (int i = 0; i < start.length; i++) {
                assertTrue(scales[i] >= Math.exp(-RANGE) && scales[i] <= Math.exp(RANGE), "scale " + scales[i]);
                assertEquals(start[i], scales[i] * rescaledStart[i], 1e-6f * Math.abs(start[i]));
            }
            assertEquals(TASK.finalMetrics(start, seed).loss(), rescaled.finalMetrics(rescaledStart, seed).loss(),
                    1e-5 * Math.abs(TASK.finalMetrics(start, seed).loss()));
        }
        assertNotEquals(rescaled.scales(1)[0], rescaled.scales(2)[0], "each run draws its own scales");
    }

    @Test
    void gradientIsTheChainRulesAndMatchesFiniteDifferences() {
        RescaledProblem rescaled = new RescaledProblem(TASK, RANGE);
        long seed = 3;
        float[] theta = rescaled.initialParameters(seed);
        Batch batch = rescaled.batches(seed).next();
        float[] gradient = new float[theta.length];
        double loss = rescaled.evaluator().lossAndGradient(theta, batch, gradient);

        float[] scales = rescaled.scales(seed);
        float[] original = new float[theta.length];
        for (int i = 0; i < theta.length; i++) {
            original[i] = scales[i] * theta[i];
        }
        float[] taskGradient = new float[theta.length];
        assertEquals(TASK.evaluator().lossAndGradient(original, batch, taskGradient), loss, 1e-6 * Math.abs(loss));
        float[] chainRule = new float[theta.length];
        for (int i = 0; i < theta.length; i++) {
            chainRule[i] = scales[i] * taskGradient[i];
        }
        assertArrayEquals(chainRule, gradient, 1e-6f);

        LossEvaluator evaluator = rescaled.evaluator();
        float[] scratch = new float[theta.length];
        for (int i = 0; i < theta.length; i += 3) {
            float h = 1e-2f * Math.max(1f, Math.abs(theta[i]));
            float[] plus = theta.clone();
            plus[i] += h;
            float[] minus = theta.clone();
            minus[i] -= h;
            double numeric = (evaluator.lossAndGradient(plus, batch, scratch)
                    - evaluator.lossAndGradient(minus, batch, scratch)) / (plus[i] - minus[i]);
            assertEquals(numeric, gradient[i], 1e-2 * Math.max(1, Math.abs(numeric)), "coordinate " + i);
        }
    }

    @Test
    void refusesARangeOutsideItsBounds() {
        assertThrows(IllegalArgumentException.class, () -> new RescaledProblem(TASK, 0));
        assertThrows(IllegalArgumentException.class, () -> new RescaledProblem(TASK, 11));
    }
}
