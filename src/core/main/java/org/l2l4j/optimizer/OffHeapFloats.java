package org.l2l4j.optimizer;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

/**
 * Direct access to the off-heap floats of a contiguous INDArray, so the step kernel can bulk-copy tiles
 * without ND4J creating an array per operation, and a Java array can be copied in or out at once (ND4J's
 * {@code setData(float[])} stores element by element). ND4J's {@code asNio()} maps at most 2³¹ bytes of a
 * buffer, which a large network's updater state exceeds; here the array's elements are mapped as segments of at most
 * {@link FloatSegments#SEGMENT_FLOATS} floats each, from the array's own first element, so any size and any
 * offset into a larger buffer can be addressed. Like {@code asNio()}'s buffer, the segments do not keep the
 * array's memory alive: whoever uses them holds the array.
 */
public final class OffHeapFloats {

    private OffHeapFloats() {
    }

    /** The floats of {@code array}, a FLOAT array in one block of memory, named {@code role} in errors. */
    public static FloatSegments of(INDArray array, String role) {
        if (array.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("the " + role + " is " + array.dataType() + ", not FLOAT");
        }
        if (array.length() > 1 && array.elementWiseStride() != 1) {
            throw new IllegalArgumentException("l2l4j needs the " + role + " in one contiguous block of memory,"
                    + " but it is a strided view of shape " + java.util.Arrays.toString(array.shape()));
        }
        if (array.length() == 0) {
            return new FloatSegments(FloatBuffer.allocate(0));
        }
        Pointer whole = array.data().pointer();
        if (!(whole instanceof FloatPointer)) {
            throw new IllegalStateException("the " + role + " is a FLOAT array whose memory is not a FloatPointer but a "
                    + whole.getClass().getName() + "; this ND4J backend is not supported");
        }
        long first = whole.address() + (whole.position() + array.offset()) * Float.BYTES;
        long length = array.length();
        int segmentCount = (int) ((length + FloatSegments.SEGMENT_FLOATS - 1) / FloatSegments.SEGMENT_FLOATS);
        FloatBuffer[] segments = new FloatBuffer[segmentCount];
        for (int s = 0; s < segmentCount; s++) {
            long start = (long) s * FloatSegments.SEGMENT_FLOATS;
            int floats = (int) Math.min(length - start, FloatSegments.SEGMENT_FLOATS);
            segments[s] = new Window(first + start * Float.BYTES, floats).asBuffer();
        }
        return new FloatSegments(segments);
    }

    /**
     * A pointer to {@code floats} floats at {@code address}, which it neither owns nor keeps alive (the caller holds
     * the array). JavaCPP caps a buffer at 2³¹ bytes from a pointer's address, whatever its position, so each
     * segment needs a pointer of its own address.
     */
    private static final class Window extends FloatPointer {
        Window(long address, int floats) {
            this.address = address;
            this.limit = floats;
            this.capacity = floats;
        }
    }
}
