package org.l2l4j.updater;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Direct access to the off-heap floats behind a contiguous INDArray, so the step kernel can bulk-copy tiles
 * without ND4J creating an array per operation. {@code asNio()} maps the whole underlying buffer; a view's
 * elements start at its {@code offset()}. {@link FloatBoundary} also wraps its heap buffers of converted values
 * in one.
 */
record OffHeapFloats(FloatBuffer buffer, int base, int length) {

    static OffHeapFloats of(INDArray array, String role) {
        if (array.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("the " + role + " is " + array.dataType() + ", not FLOAT; convert it"
                    + " through FloatBoundary");
        }
        if (array.length() > 1 && array.elementWiseStride() != 1) {
            throw new IllegalArgumentException("LearnedUpdater needs the " + role + " in one contiguous block of memory,"
                    + " but it is a strided view of shape " + java.util.Arrays.toString(array.shape()));
        }
        long end = array.offset() + array.length();
        if (end > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the " + role + " has " + array.length() + " elements at offset "
                    + array.offset() + "; LearnedUpdater addresses at most " + Integer.MAX_VALUE + " floats per array");
        }
        FloatBuffer floats = array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        return new OffHeapFloats(floats, (int) array.offset(), (int) array.length());
    }
}
