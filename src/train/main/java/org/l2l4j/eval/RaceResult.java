package org.l2l4j.eval;

/**
 * One optimizer's runs over several seeds: the minibatch loss f(θ_t) at every step (before the step's update)
 * for every seed, and the loss and accuracy on the whole evaluation data after the last step.
 *
 * @param learningRate the tuned learning rate of a baseline, or null for the learned optimizer
 */
public record RaceResult(String optimizer, Double learningRate, double[][] lossPerSeedAndStep, double[] finalLoss,
                         double[] finalAccuracy) {

    public int steps() {
        return lossPerSeedAndStep[0].length;
    }

    public double meanLossAt(int step) {
        return mean(column(step));
    }

    public double stdLossAt(int step) {
        return std(column(step));
    }

    public double meanFinalLoss() {
        return mean(finalLoss);
    }

    public double stdFinalLoss() {
        return std(finalLoss);
    }

    public double meanFinalAccuracy() {
        return mean(finalAccuracy);
    }

    public double stdFinalAccuracy() {
        return std(finalAccuracy);
    }

    public double[] meanLossCurve() {
        double[] curve = new double[steps()];
        for (int t = 0; t < curve.length; t++) {
            curve[t] = meanLossAt(t);
        }
        return curve;
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
