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
     * dx = dz·Wᵀ have rowStride gates and inputStride 1 with init 0). Four output rows and four vectors of
     * coordinates are accumulated at once: sixteen registers, each loaded input vector and each broadcast weight
     * feeding four multiply-adds (eight rows of two vectors needed twice the broadcasts and ran slower,
     * docs/results/benchmarks.md); what the blocks leave, one row and one vector at a time. Every sum is the same
     * chain of multiply-adds over s in order, whichever loop computes it. Returns the first coordinate not computed.
     */
    static int matrixRows(float[][] in, float[] weights, int rowStride, int inputStride, float[] init,
                          float[][] out, int firstRow, int from, int to) {
        int rows = out.length;
        int end = from + (to - from) / (2 * LANES) * (2 * LANES);
        int blocked = from + (to - from) / (4 * LANES) * (4 * LANES);
        int r = firstRow;
        for (; r + 4 <= rows; r += 4) {
            for (int b = from; b < blocked; b += 4 * LANES) {
                fourRows(in, weights, rowStride, inputStride, init, out, r, b);
            }
        }
        int unblocked = r;
        for (int row = firstRow; row < rows; row++) {
            float start = init == null ? 0f : init[row];
            for (int b = row < unblocked ? blocked : from; b < end; b += LANES) {
                FloatVector acc = FloatVector.broadcast(SPECIES, start);
                for (int s = 0; s < in.length; s++) {
                    float w = weights[row * rowStride + s * inputStride];
                    acc = FloatVector.fromArray(SPECIES, in[s], b).fma(FloatVector.broadcast(SPECIES, w), acc);
                }
                acc.intoArray(out[row], b);
            }
        }
        return end;
    }

    private static void fourRows(float[][] in, float[] weights, int rowStride, int inputStride, float[] init,
                                 float[][] out, int r, int b) {
        int b1 = b + LANES;
        int b2 = b + 2 * LANES;
        int b3 = b + 3 * LANES;
        FloatVector p0 = start(init, r), p1 = p0, p2 = p0, p3 = p0;
        FloatVector q0 = start(init, r + 1), q1 = q0, q2 = q0, q3 = q0;
        FloatVector u0 = start(init, r + 2), u1 = u0, u2 = u0, u3 = u0;
        FloatVector v0 = start(init, r + 3), v1 = v0, v2 = v0, v3 = v0;
        int base = r * rowStride;
        for (int s = 0; s < in.length; s++) {
            float[] row = in[s];
            FloatVector x0 = FloatVector.fromArray(SPECIES, row, b);
            FloatVector x1 = FloatVector.fromArray(SPECIES, row, b1);
            FloatVector x2 = FloatVector.fromArray(SPECIES, row, b2);
            FloatVector x3 = FloatVector.fromArray(SPECIES, row, b3);
            int w = base + s * inputStride;
            FloatVector w0 = FloatVector.broadcast(SPECIES, weights[w]);
            p0 = x0.fma(w0, p0);
            p1 = x1.fma(w0, p1);
            p2 = x2.fma(w0, p2);
            p3 = x3.fma(w0, p3);
            FloatVector w1 = FloatVector.broadcast(SPECIES, weights[w + rowStride]);
            q0 = x0.fma(w1, q0);
            q1 = x1.fma(w1, q1);
            q2 = x2.fma(w1, q2);
            q3 = x3.fma(w1, q3);
            FloatVector w2 = FloatVector.broadcast(SPECIES, weights[w + 2 * rowStride]);
            u0 = x0.fma(w2, u0);
            u1 = x1.fma(w2, u1);
            u2 = x2.fma(w2, u2);
            u3 = x3.fma(w2, u3);
            FloatVector w3 = FloatVector.broadcast(SPECIES, weights[w + 3 * rowStride]);
            v0 = x0.fma(w3, v0);
            v1 = x1.fma(w3, v1);
            v2 = x2.fma(w3, v2);
            v3 = x3.fma(w3, v3);
        }
        // stored here, not by a helper: a vector passed to a method the JIT does not inline is boxed
        float[] o = out[r];
        p0.intoArray(o, b);
        p1.intoArray(o, b1);
        p2.intoArray(o, b2);
        p3.intoArray(o, b3);
        o = out[r + 1];
        q0.intoArray(o, b);
        q1.intoArray(o, b1);
        q2.intoArray(o, b2);
        q3.intoArray(o, b3);
        o = out[r + 2];
        u0.intoArray(o, b);
        u1.intoArray(o, b1);
        u2.intoArray(o, b2);
        u3.intoArray(o, b3);
        o = out[r + 3];
        v0.intoArray(o, b);
        v1.intoArray(o, b1);
        v2.intoArray(o, b2);
        v3.intoArray(o, b3);
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
     * The backward of {@link #cell} for every unit of a layer of {@code hidden} and whole vectors of coordinates in
     * [from, to), as {@link TiledLstm#layerBackward} computes it coordinate by coordinate: from dL/dh and the dL/dc
     * carried in {@code dc}, the gates' pre-activation gradients {@code dz} and dL/dcPrev left in {@code dc}, not
     * yet flushed ({@link #flushTiny} after). Returns the first coordinate not done.
     *
     * <p>It runs in two passes over the units (output gate and dL/dc; the other gates and dL/dcPrev) inside one
     * method too large for the JIT to inline, and leaves the flush to its caller. A vector method inlined into its
     * caller shares the caller's budget of compiled nodes: where this work ran as one loop, inside its caller or
     * with the flush, the budget ran out and the JIT left vector operations as calls on boxed vectors that allocate
     * at every step.
     */
    static int cellBackward(float[][] gates, float[][] c, float[][] cPrev, float[][] dh, float[][] dc, float[][] dz,
                            int hidden, int from, int to) {
        int end = from + (to - from) / LANES * LANES;
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int u = 0; u < hidden; u++) {
            float[] output = gates[3 * hidden + u];
            float[] cu = c[u];
            float[] dhu = dh[u];
            float[] dcu = dc[u];
            float[] dzOutput = dz[3 * hidden + u];
            for (int b = from; b < end; b += LANES) {
                FloatVector o = FloatVector.fromArray(SPECIES, output, b);
                FloatVector t = tanh(FloatVector.fromArray(SPECIES, cu, b));
                FloatVector dhv = FloatVector.fromArray(SPECIES, dhu, b);
                dhv.mul(t).mul(o).mul(one.sub(o)).intoArray(dzOutput, b);
                dhv.mul(o).mul(one.sub(t.mul(t))).add(FloatVector.fromArray(SPECIES, dcu, b)).intoArray(dcu, b);
            }
        }
        for (int u = 0; u < hidden; u++) {
            float[] input = gates[u];
            float[] forget = gates[hidden + u];
            float[] candidate = gates[2 * hidden + u];
            float[] previous = cPrev[u];
            float[] dcu = dc[u];
            float[] dzInput = dz[u];
            float[] dzForget = dz[hidden + u];
            float[] dzCandidate = dz[2 * hidden + u];
            for (int b = from; b < end; b += LANES) {
                FloatVector d = FloatVector.fromArray(SPECIES, dcu, b);
                FloatVector i = FloatVector.fromArray(SPECIES, input, b);
                FloatVector g = FloatVector.fromArray(SPECIES, candidate, b);
                FloatVector f = FloatVector.fromArray(SPECIES, forget, b);
                d.mul(g).mul(i).mul(one.sub(i)).intoArray(dzInput, b);
                d.mul(i).mul(one.sub(g.mul(g))).intoArray(dzCandidate, b);
                d.mul(FloatVector.fromArray(SPECIES, previous, b)).mul(f).mul(one.sub(f)).intoArray(dzForget, b);
                d.mul(f).intoArray(dcu, b);
            }
        }
        return end;
    }

    /**
     * Sets the values of {@code row} below {@code tiny} in magnitude to zero, as {@link TiledLstm#flushTiny} does,
     * for whole vectors in [from, to); returns the first coordinate not done.
     */
    static int flushTiny(float[] row, float tiny, int from, int to) {
        int end = from + (to - from) / LANES * LANES;
        FloatVector tinyVector = FloatVector.broadcast(SPECIES, tiny);
        for (int b = from; b < end; b += LANES) {
            flush(FloatVector.fromArray(SPECIES, row, b), tinyVector).intoArray(row, b);
        }
        return end;
    }

    private static FloatVector flush(FloatVector v, FloatVector tiny) {
        return v.blend(FloatVector.zero(SPECIES), v.abs().lt(tiny));
    }

    /**
     * Adds in[k][b] · dz[j][b] over the whole vectors of coordinates b in [from, to) to lane (b − from) mod
     * {@link #LANES} of {@code lanes[(k·gates + j)·LANES ...]}: dW = in·dzᵀ with its sum over coordinates left
     * spread across lanes, so that no horizontal reduction runs per tile (the caller sums the lanes once, at the end
     * of a meta-gradient). Four input rows by four gates are accumulated at once: sixteen registers, eight vector
     * loads per sixteen multiply-adds. Returns the first coordinate not done.
     */
    static int addOuterProductLanes(float[][] in, float[][] dz, float[] lanes, int from, int to) {
        int gates = dz.length;
        int end = from + (to - from) / LANES * LANES;
        int k = 0;
        for (; k + 4 <= in.length; k += 4) {
            for (int j = 0; j < gates; j += 4) {
                fourByFour(in, dz, lanes, gates, k, j, from, end);
            }
        }
        for (; k < in.length; k++) {
            for (int j = 0; j < gates; j += 4) {
                oneByFour(in[k], dz, lanes, (k * gates + j) * LANES, j, from, end);
            }
        }
        return end;
    }

    /**
     * Adds rows[j][b] over the whole vectors of coordinates b in [from, to) to lane (b − from) mod {@link #LANES} of
     * {@code lanes[j·LANES ...]}: the sums over coordinates of the rows (the gate biases' gradients), left spread
     * across lanes as in {@link #addOuterProductLanes}. Returns the first coordinate not done.
     */
    static int addRowLanes(float[][] rows, float[] lanes, int from, int to) {
        int end = from + (to - from) / LANES * LANES;
        for (int j = 0; j < rows.length; j++) {
            float[] row = rows[j];
            FloatVector sum = load(lanes, j * LANES);
            for (int b = from; b < end; b += LANES) {
                sum = sum.add(load(row, b));
            }
            sum.intoArray(lanes, j * LANES);
        }
        return end;
    }

    private static void fourByFour(float[][] in, float[][] dz, float[] lanes, int gates, int k, int j, int from,
                                   int end) {
        int o0 = (k * gates + j) * LANES;
        int o1 = o0 + gates * LANES;
        int o2 = o1 + gates * LANES;
        int o3 = o2 + gates * LANES;
        FloatVector a00 = load(lanes, o0), a01 = load(lanes, o0 + LANES), a02 = load(lanes, o0 + 2 * LANES);
        FloatVector a03 = load(lanes, o0 + 3 * LANES);
        FloatVector a10 = load(lanes, o1), a11 = load(lanes, o1 + LANES), a12 = load(lanes, o1 + 2 * LANES);
        FloatVector a13 = load(lanes, o1 + 3 * LANES);
        FloatVector a20 = load(lanes, o2), a21 = load(lanes, o2 + LANES), a22 = load(lanes, o2 + 2 * LANES);
        FloatVector a23 = load(lanes, o2 + 3 * LANES);
        FloatVector a30 = load(lanes, o3), a31 = load(lanes, o3 + LANES), a32 = load(lanes, o3 + 2 * LANES);
        FloatVector a33 = load(lanes, o3 + 3 * LANES);
        float[] x0 = in[k], x1 = in[k + 1], x2 = in[k + 2], x3 = in[k + 3];
        float[] z0 = dz[j], z1 = dz[j + 1], z2 = dz[j + 2], z3 = dz[j + 3];
        for (int b = from; b < end; b += LANES) {
            FloatVector d0 = load(z0, b), d1 = load(z1, b), d2 = load(z2, b), d3 = load(z3, b);
            FloatVector x = load(x0, b);
            a00 = x.fma(d0, a00);
            a01 = x.fma(d1, a01);
            a02 = x.fma(d2, a02);
            a03 = x.fma(d3, a03);
            x = load(x1, b);
            a10 = x.fma(d0, a10);
            a11 = x.fma(d1, a11);
            a12 = x.fma(d2, a12);
            a13 = x.fma(d3, a13);
            x = load(x2, b);
            a20 = x.fma(d0, a20);
            a21 = x.fma(d1, a21);
            a22 = x.fma(d2, a22);
            a23 = x.fma(d3, a23);
            x = load(x3, b);
            a30 = x.fma(d0, a30);
            a31 = x.fma(d1, a31);
            a32 = x.fma(d2, a32);
            a33 = x.fma(d3, a33);
        }
        a00.intoArray(lanes, o0);
        a01.intoArray(lanes, o0 + LANES);
        a02.intoArray(lanes, o0 + 2 * LANES);
        a03.intoArray(lanes, o0 + 3 * LANES);
        a10.intoArray(lanes, o1);
        a11.intoArray(lanes, o1 + LANES);
        a12.intoArray(lanes, o1 + 2 * LANES);
        a13.intoArray(lanes, o1 + 3 * LANES);
        a20.intoArray(lanes, o2);
        a21.intoArray(lanes, o2 + LANES);
        a22.intoArray(lanes, o2 + 2 * LANES);
        a23.intoArray(lanes, o2 + 3 * LANES);
        a30.intoArray(lanes, o3);
        a31.intoArray(lanes, o3 + LANES);
        a32.intoArray(lanes, o3 + 2 * LANES);
        a33.intoArray(lanes, o3 + 3 * LANES);
    }

    /** One input row by four gates, for the rows left over by {@link #fourByFour}. */
    private static void oneByFour(float[] x, float[][] dz, float[] lanes, int offset, int j, int from, int end) {
        FloatVector a0 = load(lanes, offset), a1 = load(lanes, offset + LANES);
        FloatVector a2 = load(lanes, offset + 2 * LANES), a3 = load(lanes, offset + 3 * LANES);
        float[] z0 = dz[j], z1 = dz[j + 1], z2 = dz[j + 2], z3 = dz[j + 3];
        for (int b = from; b < end; b += LANES) {
            FloatVector xv = load(x, b);
            a0 = xv.fma(load(z0, b), a0);
            a1 = xv.fma(load(z1, b), a1);
            a2 = xv.fma(load(z2, b), a2);
            a3 = xv.fma(load(z3, b), a3);
        }
        a0.intoArray(lanes, offset);
        a1.intoArray(lanes, offset + LANES);
        a2.intoArray(lanes, offset + 2 * LANES);
        a3.intoArray(lanes, offset + 3 * LANES);
    }

    private static FloatVector load(float[] row, int at) {
        return FloatVector.fromArray(SPECIES, row, at);
    }
}
