package org.l2l4j.meta;

import org.l2l4j.problem.Batch;
import org.l2l4j.problem.BatchSource;
import org.l2l4j.problem.Problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A problem whose batch streams keep a copy of every batch they hand out, so a test can replay them. */
final class RecordingProblem extends ForwardingProblem {

    final List<Batch> handedOut = new ArrayList<>();

    RecordingProblem(Problem problem) {
        super(problem);
    }

    @Override
    public BatchSource batches(long seed) {
        BatchSource source = problem.batches(seed);
        return () -> {
            Batch batch = source.next();
            Map<String, float[]> copy = new HashMap<>();
            batch.arrays().forEach((name, values) -> copy.put(name, values.clone()));
            handedOut.add(new Batch(copy));
            return batch;
        };
    }
}
