package org.l2l4j.optimizer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Which coordinates {@link DormantCoordinates#mark} finds dormant, by hand: exactly those with a zero gradient
 * (either sign) and an all-zero state, wherever in the state a non-zero float hides.
 */
class DormantCoordinatesTest {

    @Test
    void aCoordinateIsDormantExactlyWhenItsGradientAndItsWholeStateAreZero() {
        float[] gradient = {0.5f, 0f, -0f, 0f, 0f, 0f, 1e-40f};
        // three state rows; coordinate b's state is column b
        float[][] state = {
                {0f, 0f, 0f, 0.2f, 0f, 0f, 0f},
                {0f, 0f, 0f, 0f, 0f, Float.NaN, 0f},
                {0f, 0f, 0f, 0f, -1e-42f, 0f, 0f},
        };
        boolean[] dormant = {false, true, true, false, false, false, false};
        float[] activity = new float[gradient.length];

        int active = DormantCoordinates.mark(gradient, state, activity, 0, gradient.length);

        assertEquals(5, active);
        for (int b = 0; b < gradient.length; b++) {
            if (dormant[b]) {
                assertEquals(0f, activity[b], "coordinate " + b);
            } else {
                assertNotEquals(0f, activity[b], "coordinate " + b);
            }
        }
    }

    @Test
    void onlyTheRangeAskedForIsMarked() {
        float[] gradient = {0f, 0f, 2f, 0f};
        float[][] state = {{0f, 3f, 0f, 0f}};
        float[] activity = {7f, 7f, 7f, 7f};

        assertEquals(2, DormantCoordinates.mark(gradient, state, activity, 1, 3));
        assertEquals(7f, activity[0]);
        assertEquals(3f, activity[1]);
        assertEquals(2f, activity[2]);
        assertEquals(7f, activity[3]);
    }
}
