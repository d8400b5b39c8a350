package org.l2l4j.updater;

import org.l2l4j.optimizer.FloatSegments;
import org.l2l4j.optimizer.OffHeapFloats;
import org.l2l4j.optimizer.StepKernel;
import org.l2l4j.optimizer.TileLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;

/**
 * Where a network's parameters meet the step kernel, which computes in float. FLOAT gradients and state are
 * handed to the kernel where they lie. DOUBLE ones are converted on the way in and back on the way out, through
 * buffers made once per updater: the gradient as a whole (one float per parameter, so the non-finite scan sees
 * exactly what the kernel will), the state one chunk of whole tiles at a time (it is 4·hidden values per
 * parameter, too many to mirror).
 *
 * <p>Converting to float rounds each gradient to float precision; a finite gradient beyond float's range
 * saturates at ±{@link Float#MAX_VALUE}, while NaN and infinities stay what they are, so the non-finite policy
 * still sees them. The state goes back and forth exactly, since the kernel wrote every value of it as a float.
 * Other data types (HALF, BFLOAT16, ...) are refused when the updater is made: the LSTM state lives in the
 * updater state array, in the network's data type, and 8 to 11 bits of mantissa cannot hold it.
 */
final class FloatBoundary {

    /** Coordinates per state chunk: whole kernel tiles, enough of them that the kernel still shares them out. */
    private static final int CHUNK = 64 * TileLayout.TILE;
    private static final int CONVERSION_SCRATCH = 4096;

    private final int stateSize;
    /** The state in place when it is FLOAT, else null. */
    private final FloatSegments floatState;
    /** The state in place when it is DOUBLE, else null. */
    private final DoubleBuffer doubleState;
    private final int stateBase;
    private final int coordinates;
    private float[] gradientStage = new float[0];
    private float[] stateStage;
    /** Doubles pass through here in pieces; made when the first DOUBLE array is met. */
    private double[] scratch;

    /** @throws IllegalArgumentException if the state is neither FLOAT nor DOUBLE */
    FloatBoundary(INDArray state, int stateSize) {
        this.stateSize = stateSize;
        this.coordinates = (int) (state.length() / stateSize);
        if (state.dataType() == DataType.DOUBLE) {
            checkContiguous(state, "updater state");
            floatState = null;
            doubleState = doubles(state, "updater state");
            stateBase = (int) state.offset();
            stateStage = new float[Math.min(CHUNK, coordinates) * stateSize];
            scratch = new double[CONVERSION_SCRATCH];
        } else {
            checkSupported(state.dataType());
            floatState = OffHeapFloats.of(state, "updater state");
            doubleState = null;
            stateBase = 0;
        }
    }

    private static void checkSupported(DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("LearnedUpdater trains FLOAT and DOUBLE networks, but this one is " + type
                    + ": the optimizer keeps each parameter's LSTM state in DL4J's updater state, in the network's data"
                    + " type, and " + type + " is too coarse to hold it; build the network with"
                    + " .dataType(DataType.FLOAT) or .dataType(DataType.DOUBLE)");
        }
    }

    /** Parameters this state belongs to. */
    int coordinates() {
        return coordinates;
    }

    /** The gradient as floats: in place if it is FLOAT, else converted into this boundary's buffer. */
    FloatSegments gradient(INDArray gradient) {
        if (gradient.dataType() == DataType.FLOAT) {
            return OffHeapFloats.of(gradient, "gradient");
        }
        checkSupported(gradient.dataType());
        checkContiguous(gradient, "gradient");
        int n = (int) gradient.length();
        if (gradientStage.length != n) {
            gradientStage = new float[n];
        }
        if (scratch == null) {
            scratch = new double[CONVERSION_SCRATCH];
        }
        DoubleBuffer source = doubles(gradient, "gradient");
        int base = (int) gradient.offset();
        for (int start = 0; start < n; start += CONVERSION_SCRATCH) {
            int m = Math.min(CONVERSION_SCRATCH, n - start);
            source.get(base + start, scratch, 0, m);
            for (int i = 0; i < m; i++) {
                double v = scratch[i];
                gradientStage[start + i] = Double.isInfinite(v) ? (float) v
                        : (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, v));
            }
        }
        return FloatSegments.wrap(gradientStage);
    }

    /**
     * Runs the kernel on {@code values} (from {@link #gradient}) and this state, which it advances in place, as
     * step {@code stepIndex} of the training run.
     */
    void step(StepKernel kernel, FloatSegments values, long stepIndex) {
        if (floatState != null) {
            kernel.step(values, floatState, stepIndex);
            return;
        }
        // Tiles are independent and each chunk starts on a tile boundary, so a chunk's state is one contiguous
        // range laid out exactly as the kernel lays out the state of a block of that many coordinates.
        FloatSegments stage = FloatSegments.wrap(stateStage);
        int count = (int) values.length();
        for (int start = 0; start < count; start += CHUNK) {
            int m = Math.min(CHUNK, count - start);
            int from = stateBase + start * stateSize;
            int length = m * stateSize;
            for (int done = 0; done < length; done += CONVERSION_SCRATCH) {
                int k = Math.min(CONVERSION_SCRATCH, length - done);
                doubleState.get(from + done, scratch, 0, k);
                for (int i = 0; i < k; i++) {
                    stateStage[done + i] = (float) scratch[i];
                }
            }
            kernel.step(values, start, stage, 0, m, stepIndex);
            for (int done = 0; done < length; done += CONVERSION_SCRATCH) {
                int k = Math.min(CONVERSION_SCRATCH, length - done);
                for (int i = 0; i < k; i++) {
                    scratch[i] = stateStage[done + i];
                }
                doubleState.put(from + done, scratch, 0, k);
            }
        }
    }

    /** Puts the floats of {@code values} (from {@link #gradient}) into {@code gradient} if they were converted. */
    void writeBack(INDArray gradient, FloatSegments values) {
        if (gradient.dataType() == DataType.FLOAT) {
            return;
        }
        DoubleBuffer target = doubles(gradient, "gradient");
        int base = (int) gradient.offset();
        int count = (int) values.length();
        for (int start = 0; start < count; start += CONVERSION_SCRATCH) {
            int m = Math.min(CONVERSION_SCRATCH, count - start);
            for (int i = 0; i < m; i++) {
                scratch[i] = gradientStage[start + i];
            }
            target.put(base + start, scratch, 0, m);
        }
    }

    /** One NIO buffer, which maps at most 2³¹ bytes: DOUBLE state is not segmented like FLOAT state (yet). */
    private static DoubleBuffer doubles(INDArray array, String role) {
        long end = array.offset() + array.length();
        if (end > Integer.MAX_VALUE / Double.BYTES) {
            throw new IllegalArgumentException("the DOUBLE " + role + " has " + array.length() + " elements at offset "
                    + array.offset() + "; LearnedUpdater addresses at most " + Integer.MAX_VALUE / Double.BYTES
                    + " DOUBLE values per array (2^31 bytes); build the network with .dataType(DataType.FLOAT),"
                    + " whose state has no such limit");
        }
        return array.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
    }

    private static void checkContiguous(INDArray array, String role) {
        if (array.length() > 1 && array.elementWiseStride() != 1) {
            throw new IllegalArgumentException("LearnedUpdater needs the " + role + " in one contiguous block of memory,"
                    + " but it is a strided view of shape " + java.util.Arrays.toString(array.shape()));
        }
    }
}
