package org.l2l4j.problem;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The floats of a FLOAT array's data buffer as an NIO view, from the buffer's first element, as
 * {@code DataBuffer.setData} addresses them. Copying through it is one bulk copy; ND4J's
 * {@code setData(float[])} stores element by element, which took about a quarter of a 784-20-10 network's
 * loss-and-gradient call (docs/results/benchmarks.md). Like ND4J's {@code asNio()}, the view does not keep the
 * array's memory alive: whoever uses it holds the array.
 */
public final class ArrayFloats {

    private ArrayFloats() {
    }

    public static FloatBuffer of(INDArray array) {
        if (array.dataType() != DataType.FLOAT) {
            // a float view of other data would write and read garbage, where setData converted
            throw new IllegalArgumentException("expected a FLOAT array, got " + array.dataType());
        }
        return array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
