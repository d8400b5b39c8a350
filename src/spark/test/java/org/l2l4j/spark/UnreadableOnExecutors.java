package org.l2l4j.spark;

import org.apache.spark.TaskContext;
import org.l2l4j.data.DatasetException;
import org.l2l4j.problem.Problem;

/** A problem the driver can build but no executor can, as when the workers cannot read the data set. */
record UnreadableOnExecutors(ProblemRecipe recipe) implements ProblemRecipe {

    static final String MESSAGE = "cannot read the data set on this worker";

    @Override
    public Problem create() {
        if (TaskContext.get() != null) {
            throw new DatasetException(MESSAGE);
        }
        return recipe.create();
    }
}
