package org.l2l4j.optimizer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class FlushTinyTest {

    @Test
    void zeroesSubnormalAndTinyValuesInTheRangeOnly() {
        float[] row = {Float.MIN_VALUE, -1e-31f, 1e-29f, -2f, Float.MIN_NORMAL, 0f, 5e-40f};
        TiledLstm.flushTiny(row, 0, 6);
        assertArrayEquals(new float[]{0f, 0f, 1e-29f, -2f, 0f, 0f, 5e-40f}, row);
    }
}
