package org.l2l4j.benchmarks;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.optimizer.FloatSegments;
import org.l2l4j.optimizer.StepKernel;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.updater.LearnedUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Locale;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * What storing the LSTM state in 16 bits would cost, measured before anyone builds it: the paper MLP trains with the
 * pretrained optimizer (float state), and two shadow kernels get the same gradient every step but round their state
 * to 16 bits after each step, as a 16-bit store would. Reports how far the shadows' updates are from the real ones.
 * The rounding is to nearest even on the float's bits: bfloat16 keeps 8 significant bits; IEEE half keeps 11, and
 * its range (±65,504) and subnormals (below 6.1e-5) are not modelled. Minibatches are random pixels with labels
 * drawn from them (the error of a rounding does not need real images; the step's statistics would differ somewhat).
 *
 * <p>Usage: {@code SixteenBitStateError STEPS}.
 */
public final class SixteenBitStateError {

    private SixteenBitStateError() {
    }

    /** One shadow optimizer: its kernel, its state (rounded after each step) and its last update. */
    private static final class Shadow {
        final String name;
        final IntUnaryOperator round;
        final StepKernel kernel;
        float[] state;
        float[] update;
        double worstOfStep;
        double sumOfStep;
        double worstCoordinate;

        Shadow(String name, IntUnaryOperator round, LearnedUpdater learned) {
            this.name = name;
            this.round = round;
            this.kernel = new StepKernel(learned.optimizer(), StepKernel.Output.UPDATE_TO_SUBTRACT);
        }

        void step(float[] gradient, int iteration) {
            if (state == null) {
                state = new float[gradient.length * kernel.stateSize()];
            }
            update = gradient.clone();
            kernel.step(FloatSegments.wrap(update), FloatSegments.wrap(state), iteration);
            for (int i = 0; i < state.length; i++) {
                state[i] = Float.intBitsToFloat(round.applyAsInt(Float.floatToRawIntBits(state[i])));
            }
        }

        void compare(float[] reference) {
            double largest = 0;
            double largestError = 0;
            for (int i = 0; i < reference.length; i++) {
                largest = Math.max(largest, Math.abs(reference[i]));
                largestError = Math.max(largestError, Math.abs(update[i] - reference[i]));
            }
            for (int i = 0; i < reference.length; i++) {
                if (Math.abs(reference[i]) > 0.01 * largest) {
                    worstCoordinate = Math.max(worstCoordinate, Math.abs(update[i] - reference[i]) / Math.abs(reference[i]));
                }
            }
            worstOfStep = Math.max(worstOfStep, largestError / largest);
            sumOfStep += largestError / largest;
        }
    }

    /** Round-to-nearest-even of a float's bits to {@code dropped} fewer mantissa bits. */
    private static IntUnaryOperator dropMantissaBits(int dropped) {
        int half = (1 << (dropped - 1)) - 1;
        int mask = -1 << dropped;
        return bits -> (bits + half + ((bits >>> dropped) & 1)) & mask;
    }

    /** Shadows the learned updater: each step, the shadows take the same gradient before the real one runs. */
    private record Shadowed(LearnedUpdater learned, Shadow[] shadows) implements IUpdater {
        @Override
        public long stateSize(long numParams) {
            return learned.stateSize(numParams);
        }

        @Override
        public GradientUpdater<?> instantiate(INDArray viewArray, boolean initialize) {
            return shadowed(learned.instantiate(viewArray, initialize));
        }

        @Override
        public GradientUpdater<?> instantiate(Map<String, INDArray> state, boolean initialize) {
            return shadowed(learned.instantiate(state, initialize));
        }

        @Override
        public IUpdater clone() {
            return this;
        }

        @Override
        public double getLearningRate(int iteration, int epoch) {
            return Double.NaN;
        }

        @Override
        public boolean hasLearningRate() {
            return false;
        }

        @Override
        public void setLrAndSchedule(double lr, ISchedule schedule) {
            throw new UnsupportedOperationException("no learning rate");
        }

        private GradientUpdater<IUpdater> shadowed(GradientUpdater<?> real) {
            return new GradientUpdater<>() {
                @Override
                public IUpdater getConfig() {
                    return Shadowed.this;
                }

                @Override
                public void setStateViewArray(INDArray view, long[] shape, char order, boolean initialize) {
                    real.setStateViewArray(view, shape, order, initialize);
                }

                @Override
                public Map<String, INDArray> getState() {
                    return real.getState();
                }

                @Override
                public void setState(Map<String, INDArray> state, boolean initialize) {
                    real.setState(state, initialize);
                }

                @Override
                public void applyUpdater(INDArray gradient, int iteration, int epoch) {
                    float[] values = gradient.toFloatVector();
                    for (Shadow shadow : shadows) {
                        shadow.step(values, iteration);
                    }
                    real.applyUpdater(gradient, iteration, epoch);
                    float[] reference = gradient.toFloatVector();
                    for (Shadow shadow : shadows) {
                        shadow.compare(reference);
                    }
                }
            };
        }
    }

    public static void main(String[] args) {
        int steps = Integer.parseInt(args[0]);
        LearnedUpdater learned = LearnedUpdater.pretrained();
        Shadow[] shadows = {new Shadow("bfloat16", dropMantissaBits(16), learned),
                new Shadow("IEEE half", dropMantissaBits(13), learned)};
        MultiLayerNetwork net = new MultiLayerNetwork(MnistMlp.PAPER.configuration(new Shadowed(learned, shadows), 1));
        net.init();
        Nd4j.getRandom().setSeed(2);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 128, 10);
        for (int s = 0; s < steps; s++) {
            INDArray pixels = Nd4j.rand(DataType.FLOAT, 128, 784);
            labels.assign(0);
            for (int i = 0; i < 128; i++) {
                labels.putScalar(i, (int) (pixels.getFloat(i, 0) * 10) % 10, 1f);
            }
            net.fit(new DataSet(pixels, labels));
        }
        for (Shadow shadow : shadows) {
            System.out.printf(Locale.ROOT, "%s state, %d steps: max_i |u16 - u32| / max_i |u32| worst %.2e, mean %.2e;"
                            + " worst |u16 - u32| / |u32| of a coordinate above 1%% of its step's largest: %.2e%n",
                    shadow.name, steps, shadow.worstOfStep, shadow.sumOfStep / steps, shadow.worstCoordinate);
        }
    }
}
