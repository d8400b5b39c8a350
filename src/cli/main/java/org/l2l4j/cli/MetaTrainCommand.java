package org.l2l4j.cli;

import org.l2l4j.meta.DivergencePolicy;
import org.l2l4j.meta.Engine;
import org.l2l4j.meta.MetaTrainer;
import org.l2l4j.meta.MetaTrainingConfig;
import org.l2l4j.meta.MetaTrainingMemory;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.NominalDirection;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.problem.Problem;
import org.l2l4j.spark.SparkMetaTraining;
import org.apache.spark.SparkConf;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

@Command(name = "meta-train",
        mixinStandardHelpOptions = true,
        description = {"Meta-train a learned optimizer by truncated backpropagation through time (first order, as in"
                + " the paper). Writes DIR/optimizer.l2l (the best φ by validation loss), DIR/log.csv, DIR/log.png and"
                + " an atomic checkpoint after every epoch."})
final class MetaTrainCommand implements java.util.concurrent.Callable<Integer>, CheckedBeforeWork {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions = new ProblemOptions();

    @Mixin
    SparkOptions sparkOptions = new SparkOptions();

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--steps", defaultValue = "100", description = "Optimizee steps per run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--max-steps", paramLabel = "N", description = "Train on runs of random length: each epoch's"
            + " runs last a length drawn log-uniformly from [--steps, N] in whole truncations, the same again on"
            + " --resume; validation stays at --steps (default: --steps, every run alike).")
    Integer maxSteps;

    @Option(names = "--unroll", defaultValue = "20", description = "Steps per truncation, one meta-update each (default: ${DEFAULT-VALUE}).")
    int unroll;

    @Option(names = "--epochs", defaultValue = "100", description = "Epochs, each with fresh optimizee runs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--runs", defaultValue = "1", description = "Optimizee runs averaged per meta-update (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--lr", defaultValue = "0.01", description = "Adam learning rate for φ (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "Seeds φ's initialisation and the training runs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validate-every", defaultValue = "5", description = "Epochs between validations (default: ${DEFAULT-VALUE}).")
    int validateEvery;

    @Option(names = "--validation-runs", defaultValue = "4", description = "Held-out runs per validation (default: ${DEFAULT-VALUE}).")
    int validationRuns;

    @Option(names = "--mixture", paramLabel = "HIDDEN:ACTIVATION",
            description = "Meta-train over several MNIST MLPs instead of one, taking turns by epoch; repeat it, e.g."
                    + " --mixture 20:sigmoid --mixture 40:relu --mixture 20x20:relu.")
    List<String> mixture = List.of();

    @Option(names = "--on-divergence", defaultValue = "roll-back", paramLabel = "roll-back|stop",
            converter = DivergencePolicyConverter.class,
            description = "When an epoch turns φ or the loss non-finite: roll back to the epoch's start and halve the"
                    + " meta learning rate (at most " + MetaTrainer.MAX_ROLLBACKS + " times), or stop. Either way the"
                    + " best φ is kept (default: ${DEFAULT-VALUE}).")
    DivergencePolicy onDivergence;

    @Option(names = "--engine", defaultValue = "fast", paramLabel = "fast|samediff", converter = EngineConverter.class,
            description = "How each truncation is computed: the fast Java path, or the unrolled SameDiff graph that"
                    + " defines it (much slower; for checking, and for optimizees that exist only as SameDiff graphs)."
                    + " Both give the same φ (default: ${DEFAULT-VALUE}).")
    Engine engine;

    @Option(names = "--shape", defaultValue = "paper", paramLabel = "paper|general|moments",
            description = "The optimizer to meta-train: the paper's (log-sign features of the gradient, or raw"
                    + " gradients on quadratics; the step is 0.1 or 1 times the LSTM's output), the general one (8"
                    + " units reading normalised moments, modulating Adam's direction; docs/method.md), or moments:"
                    + " the general one's inputs with the paper's step and no nominal direction, for ablations"
                    + " (default: ${DEFAULT-VALUE}).")
    String shape;

    @Option(names = "--lstm-units", paramLabel = "N",
            description = "Units of each LSTM layer (default: the shape's, 20 for the paper's and 8 otherwise).")
    Integer lstmUnits;

    @Option(names = "--scale-range", paramLabel = "C",
            description = "The general optimizer's learned factor on its learning rate lies in [e^-C, e^C] (default:"
                    + " ln 10, OptimizerShape.GENERAL's).")
    Float scaleRange;

    @Option(names = "--base-rate", paramLabel = "ETA",
            description = "The general optimizer's learning rate η, which its learned factor multiplies (default:"
                    + " 0.01, OptimizerShape.GENERAL's).")
    Float baseRate;

    @Option(names = "--warmup", paramLabel = "K",
            description = "The general optimizer's learned factor grows to its full range over the first K steps of"
                    + " every run, c·min(1, (t+1)/K) at step t; with --init, sets the warm-up of the optimizer it"
                    + " names (default: none, or --init's).")
    Integer warmup;

    @Option(names = "--share-warmup", paramLabel = "K",
            description = "The general optimizer's learned share grows to α over the first K steps of every run,"
                    + " α·min(1, (t+1)/K) at step t; with --init, sets it on the optimizer it names (default: none,"
                    + " or --init's).")
    Integer shareWarmup;

    @Option(names = "--learned-share", paramLabel = "A",
            description = "How much of its own direction the general optimizer may add to Adam's, α in"
                    + " −η·e^(c·tanh o₂)·(d + α·tanh o₁); 0 leaves only the learned factor on Adam's direction; with"
                    + " --init, sets it on the optimizer it names (default: 1, or --init's).")
    Float learnedShare;

    @Option(names = "--rescale", defaultValue = "0", paramLabel = "R",
            description = "Augment every training run by reparameterising θ with random scales in [e^-R, e^R], one"
                    + " per run or one per parameter; 0 trains on the optimizees as they are (default:"
                    + " ${DEFAULT-VALUE}).")
    double rescale;

    @Option(names = "--select-by", defaultValue = "mean-loss", paramLabel = "mean-loss|ratio-to-adam",
            converter = SelectionConverter.class,
            description = "How validation picks the best φ: the mean optimizee loss over the validation runs, or per"
                    + " optimizee the final loss over tuned Adam's on the same runs, geometric mean over the"
                    + " optimizees (default: ${DEFAULT-VALUE}).")
    MetaTrainingConfig.Selection selectBy;

    @Option(names = "--init", paramLabel = "pretrained|PATH",
            description = "Start from this φ and fine-tune it instead of a random initialisation seeded by --seed.")
    String init;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--resume", description = "Continue from DIR's last checkpoint.")
    boolean resume;

    private MetaTrainingConfig config;
    private SparkConf sparkConf;
    private LearnedOptimizer initial;
    private List<MnistMlp> mixtureMlps;

    @Override
    public void checkBeforeWork() throws IOException {
        problemOptions.validate(spec.commandLine());
        try {
            config = new MetaTrainingConfig(steps, unroll, epochs, runs, learningRate, seed, validateEvery, validationRuns,
                    onDivergence, engine, rescale, selectBy, maxSteps == null ? steps : maxSteps);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        sparkConf = sparkOptions.configurationOrNull(spec.commandLine());
        mixtureMlps = mixture.stream().map(m -> ProblemOptions.parseMlp(m, spec.commandLine())).toList();
        if (rescale != 0 && sparkConf != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rescale augments runs in this JVM only;"
                    + " drop it or --spark");
        }
        if (!List.of("paper", "general", "moments").contains(shape)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--shape must be paper, general or moments,"
                    + " got '" + shape + "'");
        }
        if ((scaleRange != null || baseRate != null) && !shape.equals("general")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--scale-range and --base-rate shape the"
                    + " general optimizer's nominal direction: add --shape general");
        }
        if (warmup != null && init == null && !shape.equals("general")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup narrows the general optimizer's"
                    + " learned factor: add --shape general, or --init with a general optimizer");
        }
        if ((learnedShare != null || shareWarmup != null) && init == null && !shape.equals("general")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--learned-share and --share-warmup shape"
                    + " the general optimizer's step: add --shape general, or --init with a general optimizer");
        }
        if (init != null && (!shape.equals("paper") || lstmUnits != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--init takes its shape from the optimizer it"
                    + " names; drop --shape and --lstm-units");
        }
        if (!modelOptions.models.isEmpty() && sparkConf != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model does not run on Spark yet; --task"
                    + " and --problem do");
        }
        OptimizerShape paperShape = modelOptions.chosen() ? modelOptions.optimizerShape(spec.commandLine())
                : problemOptions.optimizerShape();
        initial = init != null ? withNominalOptions(OptimizerChoice.load(init).optimizer())
                : shape.equals("general") ? LearnedOptimizer.nominalInit(withUnits(generalShape()), seed)
                : LearnedOptimizer.randomInit(withUnits(shape.equals("moments") ? momentsShape(paperShape)
                : paperShape), seed);
        List<Long> parameterCounts = modelOptions.chosen() ? modelOptions.parameterCounts(spec.commandLine())
                : mixtureMlps.isEmpty() ? List.of(problemOptions.parameterCount())
                : mixtureMlps.stream().map(MnistMlp::parameterCount).toList();
        if (engine == Engine.FAST) { // the SameDiff engine's graph is not estimated
            MemoryCheck.require(MetaTrainingMemory.estimate(parameterCounts, initial.shape(), unroll, runs));
        }
        OutputDirectory.require(spec.commandLine(), out);
    }

    /** {@link OptimizerShape#GENERAL} with the base rate, scale range, learned share and warm-up the options chose. */
    private OptimizerShape generalShape() {
        OptimizerShape general = OptimizerShape.GENERAL;
        if (baseRate != null && !(baseRate > 0 && Float.isFinite(baseRate))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--base-rate must be a finite number > 0, got "
                    + baseRate);
        }
        try {
            return new OptimizerShape(general.hiddenSize(), general.preprocessing(),
                    baseRate == null ? general.outputScale() : baseRate, scaleRange == null ? general.nominal()
                    : new NominalDirection(scaleRange, general.nominal().learnedShare()))
                    .withWarmup(warmup == null ? 0 : warmup)
                    .withShareWarmup(shareWarmup == null ? 0 : shareWarmup)
                    .withLearnedShare(learnedShare == null ? general.nominal().learnedShare() : learnedShare);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * {@code optimizer} with the warm-ups and learned share --warmup, --share-warmup and --learned-share chose, if
     * they chose them.
     */
    private LearnedOptimizer withNominalOptions(LearnedOptimizer optimizer) {
        if (warmup == null && shareWarmup == null && learnedShare == null) {
            return optimizer;
        }
        if (optimizer.shape().nominal() == null) {
            String option = warmup != null ? "--warmup narrows the general optimizer's learned factor"
                    : "--learned-share and --share-warmup shape the general optimizer's step";
            throw new CommandLine.ParameterException(spec.commandLine(), option + ", and " + init + " has none ("
                    + optimizer.shape() + "); drop " + (warmup != null ? "--warmup"
                    : shareWarmup != null ? "--share-warmup" : "--learned-share"));
        }
        try {
            OptimizerShape shape = optimizer.shape();
            shape = warmup == null ? shape : shape.withWarmup(warmup);
            shape = shareWarmup == null ? shape : shape.withShareWarmup(shareWarmup);
            shape = learnedShare == null ? shape : shape.withLearnedShare(learnedShare);
            return new LearnedOptimizer(shape, optimizer.parameters());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The general optimizer's units and moment features, the paper's step on this problem, no nominal direction. */
    private static OptimizerShape momentsShape(OptimizerShape paperShape) {
        return new OptimizerShape(OptimizerShape.GENERAL.hiddenSize(), OptimizerShape.GENERAL.preprocessing(),
                paperShape.outputScale());
    }

    /** The shape with the units --lstm-units chose, if it chose any. */
    private OptimizerShape withUnits(OptimizerShape chosen) {
        if (lstmUnits == null) {
            return chosen;
        }
        try {
            return new OptimizerShape(lstmUnits, chosen.preprocessing(), chosen.outputScale(), chosen.nominal());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws IOException {
        checkBeforeWork();
        List<Problem> problems = modelOptions.chosen() ? modelOptions.trainingProblems(spec.commandLine(), problemOptions.dataDir)
                : mixtureMlps.isEmpty() ? List.of(problemOptions.trainingProblem())
                : problemOptions.trainingMixture(mixtureMlps);
        for (Problem problem : problems) {
            try {
                engine.requireSupports(problem);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--engine " + engine.label() + ": " + e.getMessage() + " (--engine fast)");
            }
        }
        System.err.printf("Meta-training on %s from %s: %s steps unrolled %d at a time, %d epochs, Adam lr %s, %s"
                        + " engine%s -> %s%n", problems.stream().map(Problem::describe).toList(),
                resume ? "the checkpoint in " + out : init == null ? "a random φ" : init,
                config.maxSteps() == steps ? String.valueOf(steps) : steps + " to " + config.maxSteps(), unroll, epochs,
                learningRate, engine.label(),
                sparkConf == null ? "" : ", runs on Spark " + sparkOptions.master,
                out.toAbsolutePath());
        try (MetaTrainingProgress progress = new MetaTrainingProgress(System.err, ProgressBarOutput.terminal(), out)) {
            MetaTrainer trainer = new MetaTrainer(problems, initial, config, out, progress);
            if (sparkConf == null) {
                trainer.train(resume);
            } else {
                SparkMetaTraining.train(trainer, config, resume, sparkConf, modelOptions.chosen()
                        ? SparkOptions.recipes(modelOptions, problemOptions.dataDir, spec.commandLine())
                        : SparkOptions.recipes(problemOptions, mixtureMlps));
            }
        }
        System.out.println("Best optimizer: " + out.resolve(MetaTrainer.OPTIMIZER_FILE).toAbsolutePath());
        return 0;
    }

    /** Spells the engines as options are spelled: fast, samediff. */
    static final class EngineConverter implements CommandLine.ITypeConverter<Engine> {
        @Override
        public Engine convert(String value) {
            try {
                return Engine.named(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Spells the selections as options are spelled: mean-loss, ratio-to-adam. */
    static final class SelectionConverter implements CommandLine.ITypeConverter<MetaTrainingConfig.Selection> {
        @Override
        public MetaTrainingConfig.Selection convert(String value) {
            for (MetaTrainingConfig.Selection selection : MetaTrainingConfig.Selection.values()) {
                if (selection.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(value)) {
                    return selection;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not mean-loss or ratio-to-adam");
        }
    }

    /** Spells the policies as options are spelled: roll-back, stop. */
    static final class DivergencePolicyConverter implements CommandLine.ITypeConverter<DivergencePolicy> {
        @Override
        public DivergencePolicy convert(String value) {
            for (DivergencePolicy policy : DivergencePolicy.values()) {
                if (policy.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(value)) {
                    return policy;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not roll-back or stop");
        }
    }
}
