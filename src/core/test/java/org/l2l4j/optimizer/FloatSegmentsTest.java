package org.l2l4j.optimizer;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bulk copies through segments of 16 floats equal the same copies on one plain array, across boundaries too. */
class FloatSegmentsTest {

    @Test
    void copiesThatCrossSegmentBoundariesMatchAPlainArray() {
        int shift = 4;
        float[] backing = new float[16 * 3 + 5];
        FloatBuffer[] segments = new FloatBuffer[4];
        for (int s = 0; s < segments.length; s++) {
            int start = s * 16;
            segments[s] = FloatBuffer.wrap(backing, start, Math.min(16, backing.length - start)).slice();
        }
        FloatSegments floats = new FloatSegments(shift, segments);
        float[] expected = new float[backing.length];
        Random random = new Random(1);
        for (int trial = 0; trial < 200; trial++) {
            int count = random.nextInt(40);
            int index = random.nextInt(backing.length - count + 1);
            float[] source = new float[count + 3];
            for (int i = 0; i < source.length; i++) {
                source[i] = random.nextFloat();
            }
            floats.put(index, source, 3, count);
            System.arraycopy(source, 3, expected, index, count);
            assertArrayEquals(expected, backing, "after put of " + count + " at " + index);
            float[] read = new float[count + 2];
            floats.get(index, read, 2, count);
            float[] expectedRead = new float[count + 2];
            System.arraycopy(expected, index, expectedRead, 2, count);
            assertArrayEquals(expectedRead, read, "get of " + count + " at " + index);
        }
    }

    @Test
    void refusesRangesOutsideItsLengthAndMisSizedSegments() {
        FloatSegments floats = new FloatSegments(4, FloatBuffer.allocate(16), FloatBuffer.allocate(3));
        assertThrows(IndexOutOfBoundsException.class, () -> floats.get(17, new float[4], 0, 3));
        assertThrows(IllegalArgumentException.class, () -> new FloatSegments(4, FloatBuffer.allocate(15), FloatBuffer.allocate(3)));
        assertThrows(IllegalArgumentException.class, () -> new FloatSegments(4, FloatBuffer.allocate(17)));
    }
}
