package org.l2l4j.optimizer;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The hot loops of {@link TiledLstm} written with the Java Vector API ({@code jdk.incubator.vector}), so that they
 * run as wide fused multiply-adds with their accumulators in registers. The JIT's own vectorisation of the scalar
 * loops keeps every partial sum in memory and cannot fuse a multiply with an add (Java's scalar arithmetic must
 * round after each), which holds the scalar kernel to a fraction of the machine's peak.
 *
 * <p>This class is loaded only when the incubator module is present ({@link Kernels#VECTOR_API}); the scalar
 * loops in {@link TiledLstm} remain the fallback. Each method covers whole vectors of coordinates and returns
 * where it stopped, so the caller finishes the remaining few coordinates with its scalar loop.
 */
final class VectorLoops {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();

    private VectorLoops() {
    }

    /**
     * out[r][b] = init[r] + Σ_s M(r, s) · in[s][b] for rows r ≥ {@code firstRow} of {@code out} (init 0 where
     * {@code init} is null) and every whole block of
     * 2·{@link #LANES} coordinates in [from, to), where M(r, s) = weights[r·rowStride + s·inputStride] (the forward
     * gate pre-activations z = x·W + b have rowStride 1 and inputStride gates; the backward input gradients
     * dx = dz·Wᵀ have rowStride gates and inputStride 1 with init 0). Eight output rows and two vectors of
     * coordinates are accumulated at once: sixteen registers, each loaded input vector feeding eight
     * multiply-adds. Returns the first coordinate not computed.
     */
    static int matrixRows(float[][] in, float[] weights, int rowStride, int inputStride, float[] init,
                          float[][] out, int firstRow, int from, int to) {
        int rows = out.length;
        int step = 2 * LANES;
        int end = from + (to - from) / step * step;
        int r = firstRow;
        for (; r + 8 <= rows; r += 8) {
            for (int b = from; b < end; b += step) {
                eightRows(in, weights, rowStride, inputStride, init, out, r, b);
            }
        }
        for (; r < rows; r++) {
            float start = init == null ? 0f : init[r];
            for (int b = from; b < end; b += LANES) {
                FloatVector acc = FloatVector.broadcast(SPECIES, start);
                for (int s = 0; s < in.length; s++) {
                    float w = weights[r * rowStride + s * inputStride];
                    acc = FloatVector.fromArray(SPECIES, in[s], b).fma(FloatVector.broadcast(SPECIES, w), acc);
                }
                acc.intoArray(out[r], b);
            }
        }
        return end;
    }

    private static void eightRows(float[][] in, float[] weights, int rowStride, int inputStride, float[] init,
                                  float[][] out, int r, int b) {
        int c = b + LANES;
        FloatVector a0 = start(init, r), a1 = start(init, r + 1), a2 = start(init, r + 2), a3 = start(init, r + 3);
        FloatVector a4 = start(init, r + 4), a5 = start(init, r + 5), a6 = start(init, r + 6), a7 = start(init, r + 7);
        FloatVector b0 = a0, b1 = a1, b2 = a2, b3 = a3, b4 = a4, b5 = a5, b6 = a6, b7 = a7;
        int base = r * rowStride;
        for (int s = 0; s < in.length; s++) {
            float[] row = in[s];
            FloatVector x = FloatVector.fromArray(SPECIES, row, b);
            FloatVector y = FloatVector.fromArray(SPECIES, row, c);
            int w = base + s * inputStride;
            FloatVector w0 = FloatVector.broadcast(SPECIES, weights[w]);
            a0 = x.fma(w0, a0);
            b0 = y.fma(w0, b0);
            FloatVector w1 = FloatVector.broadcast(SPECIES, weights[w + rowStride]);
            a1 = x.fma(w1, a1);
            b1 = y.fma(w1, b1);
            FloatVector w2 = FloatVector.broadcast(SPECIES, weights[w + 2 * rowStride]);
            a2 = x.fma(w2, a2);
            b2 = y.fma(w2, b2);
            FloatVector w3 = FloatVector.broadcast(SPECIES, weights[w + 3 * rowStride]);
            a3 = x.fma(w3, a3);
            b3 = y.fma(w3, b3);
            FloatVector w4 = FloatVector.broadcast(SPECIES, weights[w + 4 * rowStride]);
            a4 = x.fma(w4, a4);
            b4 = y.fma(w4, b4);
            FloatVector w5 = FloatVector.broadcast(SPECIES, weights[w + 5 * rowStride]);
            a5 = x.fma(w5, a5);
            b5 = y.fma(w5, b5);
            FloatVector w6 = FloatVector.broadcast(SPECIES, weights[w + 6 * rowStride]);
            a6 = x.fma(w6, a6);
            b6 = y.fma(w6, b6);
            FloatVector w7 = FloatVector.broadcast(SPECIES, weights[w + 7 * rowStride]);
            a7 = x.fma(w7, a7);
            b7 = y.fma(w7, b7);
        }
        a0.intoArray(out[r], b);
        b0.intoArray(out[r], c);
        a1.intoArray(out[r + 1], b);
        b1.intoArray(out[r + 1], c);
        a2.intoArray(out[r + 2], b);
        b2.intoArray(out[r + 2], c);
        a3.intoArray(out[r + 3], b);
        b3.intoArray(out[r + 3], c);
        a4.intoArray(out[r + 4], b);
        b4.intoArray(out[r + 4], c);
        a5.intoArray(out[r + 5], b);
        b5.intoArray(out[r + 5], c);
        a6.intoArray(out[r + 6], b);
        b6.intoArray(out[r + 6], c);
        a7.intoArray(out[r + 7], b);
        b7.intoArray(out[r + 7], c);
    }

    private static FloatVector start(float[] init, int r) {
        return FloatVector.broadcast(SPECIES, init == null ? 0f : init[r]);
    }

    /**
     * out[b] = bias + Σ_u weights[u] · rows[u][b] for whole vectors in [from, to); returns the first coordinate not
     * done.
     */
    static int dot(float[][] rows, float[] weights, float bias, float[] out, int from, int to) {
        int end = from + (to - from) / LANES * LANES;
        for (int b = from; b < end; b += LANES) {
            FloatVector acc = FloatVector.broadcast(SPECIES, bias);
            for (int u = 0; u < rows.length; u++) {
                acc = FloatVector.fromArray(SPECIES, rows[u], b).fma(FloatVector.broadcast(SPECIES, weights[u]), acc);
            }
            acc.intoArray(out, b);
        }
        return end;
    }

    /** Clamp to ±9, then x·P(x²)/Q(x²): {@link FastTanh#tanh} on a vector, multiply-adds fused. */
    static FloatVector tanh(FloatVector x) {
        FloatVector c = x.max(-FastTanh.CLAMP).min(FastTanh.CLAMP);
        FloatVector y = c.mul(c);
        FloatVector p = horner(horner(horner(y.fma(FastTanh.P4, FastTanh.P3), y, FastTanh.P2), y, FastTanh.P1), y,
                FastTanh.P0);
        FloatVector q = horner(horner(horner(y.fma(FastTanh.Q4, FastTanh.Q3), y, FastTanh.Q2), y, FastTanh.Q1), y, 1f);
        return c.mul(p).div(q);
    }

    /** One Horner step: acc·y + coefficient. */
    private static FloatVector horner(FloatVector acc, FloatVector y, float coefficient) {
        return acc.fma(y, FloatVector.broadcast(SPECIES, coefficient));
    }

    static FloatVector sigmoid(FloatVector x) {
        return tanh(x.mul(0.5f)).fma(0.5f, 0.5f);
    }

    /** row[b] ← tanh(row[b]) (or σ) for whole vectors in [from, to); returns the first coordinate not done. */
    static int activate(float[] row, boolean sigmoid, int from, int to) {
        int end = from + (to - from) / LANES * LANES;
        // Two loops, not one choosing per vector: the JIT keeps a vector in registers only while no branch merges
        // two of them, and otherwise allocates it on the heap.
        if (sigmoid) {
            for (int b = from; b < end; b += LANES) {
                sigmoid(FloatVector.fromArray(SPECIES, row, b)).intoArray(row, b);
            }
        } else {
            for (int b = from; b < end; b += LANES) {
                tanh(FloatVector.fromArray(SPECIES, row, b)).intoArray(row, b);
            }
        }
        return end;
    }

    /**
     * The cell update c ← f·cPrev + i·c' and h ← o·tanh(c), with values below {@code tiny} in magnitude flushed to
     * zero as {@link TiledLstm#flushTiny} does. Returns the first coordinate not done.
     */
    static int cell(float[] input, float[] forget, float[] candidate, float[] output, float[] previous, float[] c,
                    float[] h, float tiny, int from, int to) {
        int end = from + (to - from) / LANES * LANES;
        FloatVector tinyVector = FloatVector.broadcast(SPECIES, tiny);
        for (int b = from; b < end; b += LANES) {
            FloatVector f = FloatVector.fromArray(SPECIES, forget, b);
            FloatVector i = FloatVector.fromArray(SPECIES, input, b);
            FloatVector cNext = f.mul(FloatVector.fromArray(SPECIES, previous, b))
                    .add(i.mul(FloatVector.fromArray(SPECIES, candidate, b)));
            FloatVector hNext = tanh(cNext).mul(FloatVector.fromArray(SPECIES, output, b));
            flush(cNext, tinyVector).intoArray(c, b);
            flush(hNext, tinyVector).intoArray(h, b);
        }
        return end;
    }

    /**
     * The backward of {@link #cell} for whole vectors in [from, to), as {@link TiledLstm#layerBackward} computes it
     * coordinate by coordinate: from dL/dh and the dL/dc carried in {@code dc}, the gate pre-activation gradients,
     * and dL/dcPrev left in {@code dc}; tiny values flushed to zero. Returns the first coordinate not done.
     */
    static int cellBackward(float[] input, float[] forget, float[] candidate, float[] output, float[] c,
                            float[] previous, float[] dh, float[] dc, float[] dzInput, float[] dzForget,
                            float[] dzCandidate, float[] dzOutput, float tiny, int from, int to) {
        int end = from + (to - from) / LANES * LANES;
        FloatVector tinyVector = FloatVector.broadcast(SPECIES, tiny);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int b = from; b < end; b += LANES) {
            FloatVector o = FloatVector.fromArray(SPECIES, output, b);
            FloatVector t = tanh(FloatVector.fromArray(SPECIES, c, b));
            FloatVector dhv = FloatVector.fromArray(SPECIES, dh, b);
            flush(dhv.mul(t).mul(o).mul(one.sub(o)), tinyVector).intoArray(dzOutput, b);
            FloatVector d = dhv.mul(o).mul(one.sub(t.mul(t))).add(FloatVector.fromArray(SPECIES, dc, b));
            FloatVector i = FloatVector.fromArray(SPECIES, input, b);
            FloatVector g = FloatVector.fromArray(SPECIES, candidate, b);
            FloatVector f = FloatVector.fromArray(SPECIES, forget, b);
            flush(d.mul(g).mul(i).mul(one.sub(i)), tinyVector).intoArray(dzInput, b);
            flush(d.mul(i).mul(one.sub(g.mul(g))), tinyVector).intoArray(dzCandidate, b);
            flush(d.mul(FloatVector.fromArray(SPECIES, previous, b)).mul(f).mul(one.sub(f)), tinyVector)
                    .intoArray(dzForget, b);
            flush(d.mul(f), tinyVector).intoArray(dc, b);
        }
        return end;
    }

    private static FloatVector flush(FloatVector v, FloatVector tiny) {
        return v.blend(FloatVector.zero(SPECIES), v.abs().lt(tiny));
    }

    /**
     * dW[k][j] += in[k][b] · dzByCoordinate[b][j] over coordinates b in [from, to) and gates j in whole vectors;
     * returns the first gate not done (the caller adds the rest). Coordinates whose input is exactly zero add
     * nothing and are skipped, as many preprocessed features are.
     */
    static int addOuterProducts(float[][] in, float[][] dzByCoordinate, float[][] dW, int gates, int from, int to) {
        int end = gates / LANES * LANES;
        for (int k = 0; k < in.length; k++) {
            float[] x = in[k];
            float[] row = dW[k];
            for (int b = from; b < to; b++) {
                float xv = x[b];
                if (xv == 0f) {
                    continue;
                }
                FloatVector scale = FloatVector.broadcast(SPECIES, xv);
                float[] d = dzByCoordinate[b];
                for (int j = 0; j < end; j += LANES) {
                    FloatVector.fromArray(SPECIES, d, j).fma(scale, FloatVector.fromArray(SPECIES, row, j))
                            .intoArray(row, j);
                }
            }
        }
        return end;
    }
}
