package org.l2l4j.optimizer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the kernel tests compare float results with their reference. */
final class MaxNormError {

    private MaxNormError() {
    }

    /** Relative error in the max norm: max|a - e| / max|e| ≤ 1e-5, every value finite, the reference not all zero. */
    static void assertClose(float[] expected, float[] actual, String what) {
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Float.isFinite(actual[i]), what + ": non-finite value at " + i);
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        assertTrue(maxRef > 0, what + ": reference is all zero");
        assertTrue(maxDiff / maxRef <= 1e-5, what + ": relative error " + (maxDiff / maxRef));
    }
}
