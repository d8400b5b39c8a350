package org.l2l4j.spark;

import org.l2l4j.problem.Problem;
import org.l2l4j.problem.QuadraticProblem;

/** The paper's quadratics; they need no data, so every executor can build them. */
public record QuadraticRecipe(int functions, int dim) implements ProblemRecipe {

    public static QuadraticRecipe of(QuadraticProblem problem) {
        return new QuadraticRecipe(problem.functions(), problem.dim());
    }

    @Override
    public Problem create() {
        return new QuadraticProblem(functions, dim);
    }
}
