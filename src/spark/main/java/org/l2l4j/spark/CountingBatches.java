package org.l2l4j.spark;

import org.l2l4j.problem.Batch;
import org.l2l4j.problem.BatchSource;

/** A run's minibatch stream that counts what it hands out, so that a snapshot can say where the stream stands. */
final class CountingBatches implements BatchSource {

    private final BatchSource batches;
    private long used;

    /** The stream of {@code seed}, with its first {@code skip} batches already consumed. */
    CountingBatches(BatchSource batches, long skip) {
        this.batches = batches;
        for (long i = 0; i < skip; i++) {
            batches.next();
        }
        used = skip;
    }

    @Override
    public Batch next() {
        used++;
        return batches.next();
    }

    long used() {
        return used;
    }
}
