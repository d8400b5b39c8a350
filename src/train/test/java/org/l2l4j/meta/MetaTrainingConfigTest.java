package org.l2l4j.meta;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetaTrainingConfigTest {

    private static MetaTrainingConfig randomLengths(int steps, int unroll, int maxSteps, long seed) {
        return new MetaTrainingConfig(steps, unroll, 10, 1, 0.01, seed, 1, 1, DivergencePolicy.STOP, Engine.FAST, 0,
                MetaTrainingConfig.Selection.MEAN_LOSS, maxSteps);
    }

    @Test
    void withoutMaxStepsEveryRunLastsSteps() {
        MetaTrainingConfig config = new MetaTrainingConfig(100, 20, 10, 1, 0.01, 1, 1, 1, DivergencePolicy.STOP);
        assertEquals(100, config.maxSteps());
        for (int epoch = 0; epoch < 50; epoch++) {
            assertEquals(100, config.trainingSteps(epoch));
        }
    }

    /**
     * Lengths are whole truncations within [steps, maxSteps], the same for the same seed and epoch, and
     * log-uniform: with steps 20 and maxSteps 2,000, a draw is at most 200 steps exactly when 20·100^u < 220,
     * u < ln 11 / ln 100 = 0.521 (a uniform draw would be there 9% of the time).
     */
    @Test
    void randomLengthsAreWholeTruncationsDrawnLogUniformlyAndRepeatable() {
        MetaTrainingConfig config = randomLengths(20, 20, 2000, 3);
        int epochs = 4000;
        int atMost200 = 0;
        int shortest = Integer.MAX_VALUE;
        int longest = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            int length = config.trainingSteps(epoch);
            assertEquals(0, length % 20, "epoch " + epoch + ": " + length);
            assertTrue(length >= 20 && length <= 2000, "epoch " + epoch + ": " + length);
            assertEquals(length, randomLengths(20, 20, 2000, 3).trainingSteps(epoch));
            atMost200 += length <= 200 ? 1 : 0;
            shortest = Math.min(shortest, length);
            longest = Math.max(longest, length);
        }
        double fraction = (double) atMost200 / epochs;
        double expected = Math.log(11) / Math.log(100);
        assertTrue(Math.abs(fraction - expected) < 0.03, "fraction at most 200 steps " + fraction + ", expected "
                + expected);
        assertEquals(20, shortest);
        assertTrue(longest >= 1900, "longest " + longest);
    }

    @Test
    void aMaxStepsBelowStepsOrBetweenTruncationsIsRefusedWithBothNumbers() {
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class,
                () -> randomLengths(100, 20, 80, 1));
        assertTrue(below.getMessage().contains("80") && below.getMessage().contains("100"), below.getMessage());
        IllegalArgumentException between = assertThrows(IllegalArgumentException.class,
                () -> randomLengths(100, 20, 150, 1));
        assertTrue(between.getMessage().contains("150") && between.getMessage().contains("unroll (20)"),
                between.getMessage());
    }
}
