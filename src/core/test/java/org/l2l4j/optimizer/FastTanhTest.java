package org.l2l4j.optimizer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FastTanhTest {

    @Test
    void tanhIsWithinItsStatedErrorOfMathTanhOverAllReals() {
        double worst = 0;
        for (int i = -2_000_000; i <= 2_000_000; i++) {
            float x = i * 1e-5f * 1.5f; // [-30, 30]
            worst = Math.max(worst, Math.abs(FastTanh.tanh(x) - Math.tanh(x)));
        }
        assertTrue(worst < 4e-7, "max abs error " + worst);
        assertEquals(1f, FastTanh.tanh(Float.MAX_VALUE), 4e-7f);
        assertEquals(-1f, FastTanh.tanh(Float.NEGATIVE_INFINITY), 4e-7f);
    }

    @Test
    void tanhKeepsRelativeAccuracyForTinyInputs() {
        for (float x : new float[]{1e-30f, -1e-20f, 1e-8f, 3e-4f}) {
            assertEquals(1.0, FastTanh.tanh(x) / Math.tanh(x), 4e-7, "at " + x);
        }
        assertEquals(0f, FastTanh.tanh(0f));
    }

    @Test
    void sigmoidMatchesTheLogisticFunction() {
        double worst = 0;
        for (int i = -400_000; i <= 400_000; i++) {
            float x = i * 1e-4f;
            worst = Math.max(worst, Math.abs(FastTanh.sigmoid(x) - 1.0 / (1.0 + Math.exp(-x))));
        }
        assertTrue(worst < 2e-7, "max abs error " + worst);
    }
}
