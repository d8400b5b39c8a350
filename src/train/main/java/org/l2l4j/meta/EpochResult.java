package org.l2l4j.meta;

/**
 * One epoch of meta-training: the mean optimizee loss over its training runs and, when it validated, the mean
 * loss over the held-out validation runs (NaN otherwise). A row of log.csv.
 */
public record EpochResult(int epoch, double metaLoss, double validationLoss) {

    public boolean validated() {
        return !Double.isNaN(validationLoss);
    }
}
