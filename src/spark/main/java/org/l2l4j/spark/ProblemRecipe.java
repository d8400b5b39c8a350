package org.l2l4j.spark;

import org.l2l4j.problem.Problem;

import java.io.Serializable;

/**
 * A serializable description of an optimizee {@link Problem}, from which each executor rebuilds it. Recipes are
 * values: equal recipes make equal problems, and an executor builds each one once (see {@link ExecutorResources}).
 */
public interface ProblemRecipe extends Serializable {

    Problem create();
}
