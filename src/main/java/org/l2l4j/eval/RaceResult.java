package org.l2l4j.eval;

/**
 * One optimizer's runs over several seeds: the minibatch loss f(θ_t) at every step (before the step's update)
 * for every seed, and the loss and accuracy on the whole test split after the last step.
 */
public record RaceResult(String optimizer, double[][] lossPerSeedAndStep, double[] finalTestLoss, double[] finalTestAccuracy) {

    public int steps() {
        return lossPerSeedAndStep[0].length;
    }

    public double meanLossAt(int step) {
        double sum = 0;
        for (double[] run : lossPerSeedAndStep) {
            sum += run[step];
        }
        return sum / lossPerSeedAndStep.length;
    }

    public double stdLossAt(int step) {
        return std(column(step));
    }

    public double meanFinalTestLoss() {
        return mean(finalTestLoss);
    }

    public double meanFinalTestAccuracy() {
        return mean(finalTestAccuracy);
    }

    private double[] column(int step) {
        double[] values = new double[lossPerSeedAndStep.length];
        for (int s = 0; s < values.length; s++) {
            values[s] = lossPerSeedAndStep[s][step];
        }
        return values;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    static double std(double[] values) {
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return values.length > 1 ? Math.sqrt(sum / (values.length - 1)) : 0;
    }
}
