package org.l2l4j.benchmarks;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.updater.LearnedUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Map;

/**
 * Splits the calling thread's CPU time of a paper-MLP fit step into the part inside the updater's
 * {@code applyUpdater} and the rest, by wrapping the updater; also the whole process's CPU time. CPU times, unlike
 * wall-clock times, stay meaningful on a loaded machine.
 *
 * <p>Usage: {@code UpdaterShareOfFit learned|adam WARMUP_STEPS STEPS}.
 */
public final class UpdaterShareOfFit {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long updaterWall;
    private static long updaterCpu;

    private UpdaterShareOfFit() {
    }

    /** Delegates to {@code updater}, timing each applyUpdater on the calling thread. */
    private record Timed(IUpdater updater) implements IUpdater {
        @Override
        public long stateSize(long numParams) {
            return updater.stateSize(numParams);
        }

        @Override
        public GradientUpdater<?> instantiate(INDArray viewArray, boolean initialize) {
            return timed(updater.instantiate(viewArray, initialize));
        }

        @Override
        public GradientUpdater<?> instantiate(Map<String, INDArray> state, boolean initialize) {
            return timed(updater.instantiate(state, initialize));
        }

        @Override
        public IUpdater clone() {
            return this;
        }

        @Override
        public double getLearningRate(int iteration, int epoch) {
            return updater.getLearningRate(iteration, epoch);
        }

        @Override
        public boolean hasLearningRate() {
            return updater.hasLearningRate();
        }

        @Override
        public void setLrAndSchedule(double lr, ISchedule schedule) {
            updater.setLrAndSchedule(lr, schedule);
        }

        private GradientUpdater<IUpdater> timed(GradientUpdater<?> inner) {
            return new GradientUpdater<>() {
                @Override
                public IUpdater getConfig() {
                    return Timed.this;
                }

                @Override
                public void setStateViewArray(INDArray view, long[] shape, char order, boolean initialize) {
                    inner.setStateViewArray(view, shape, order, initialize);
                }

                @Override
                public Map<String, INDArray> getState() {
                    return inner.getState();
                }

                @Override
                public void setState(Map<String, INDArray> state, boolean initialize) {
                    inner.setState(state, initialize);
                }

                @Override
                public void applyUpdater(INDArray gradient, int iteration, int epoch) {
                    long wall = System.nanoTime();
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    inner.applyUpdater(gradient, iteration, epoch);
                    updaterWall += System.nanoTime() - wall;
                    updaterCpu += THREADS.getCurrentThreadCpuTime() - cpu;
                }
            };
        }
    }

    public static void main(String[] args) {
        String which = args[0];
        int warmup = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        IUpdater config = new Timed(which.equals("learned") ? LearnedUpdater.randomInit(1) : new Adam(0.03));
        MultiLayerNetwork net = new MultiLayerNetwork(MnistMlp.PAPER.configuration(config, 1));
        net.init();
        Nd4j.getRandom().setSeed(2);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 128, 10);
        for (int i = 0; i < 128; i++) {
            labels.putScalar(i, i % 10, 1f);
        }
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 128, 784), labels);
        for (int i = 0; i < warmup; i++) {
            net.fit(batch);
        }
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        updaterWall = 0;
        updaterCpu = 0;
        long wall = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        long processCpu = process.getProcessCpuTime();
        for (int i = 0; i < steps; i++) {
            net.fit(batch);
        }
        wall = System.nanoTime() - wall;
        cpu = THREADS.getCurrentThreadCpuTime() - cpu;
        processCpu = process.getProcessCpuTime() - processCpu;
        System.out.printf(Locale.ROOT, "%s, OMP_WAIT_POLICY=%s, per step: fit wall %.2f ms, calling-thread CPU %.2f ms,"
                        + " process CPU %.2f ms; inside applyUpdater: wall %.2f ms, calling-thread CPU %.2f ms; outside it:"
                        + " calling-thread CPU %.2f ms%n", which, System.getenv("OMP_WAIT_POLICY"), wall / 1e6 / steps,
                cpu / 1e6 / steps, processCpu / 1e6 / steps, updaterWall / 1e6 / steps, updaterCpu / 1e6 / steps,
                (cpu - updaterCpu) / 1e6 / steps);
    }
}
