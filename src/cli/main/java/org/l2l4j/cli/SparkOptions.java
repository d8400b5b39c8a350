package org.l2l4j.cli;

import org.apache.spark.SparkConf;
import org.l2l4j.problem.MlpProblem;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.problem.ProblemKind;
import org.l2l4j.spark.MnistMlpRecipe;
import org.l2l4j.spark.ProblemRecipe;
import org.l2l4j.spark.QuadraticRecipe;
import org.l2l4j.spark.TaskRecipe;
import org.l2l4j.spark.SparkContexts;
import org.l2l4j.problem.QuadraticProblem;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** meta-train's options for running the optimizee runs on Apache Spark. */
final class SparkOptions {

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Run each meta-update's optimizee runs on Spark: local[N], local[*] or spark://HOST:PORT."
                    + " The results are the same as without it.")
    String master;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting, e.g. spark.authenticate=true; repeat it. Applied after --spark-properties.")
    List<String> settings = List.of();

    @Option(names = "--spark-properties", paramLabel = "FILE",
            description = "Spark settings from a properties file (KEY=VALUE or KEY VALUE lines, as in spark-defaults.conf).")
    Path propertiesFile;

    private boolean enabled() {
        return master != null;
    }

    /** The Spark configuration the options ask for, or null without {@code --spark}. */
    SparkConf configurationOrNull(CommandLine commandLine) {
        if (!enabled()) {
            if (!settings.isEmpty() || propertiesFile != null) {
                throw new CommandLine.ParameterException(commandLine,
                        "--spark-conf and --spark-properties need --spark MASTER");
            }
            return null;
        }
        Map<String, String> all = new LinkedHashMap<>();
        if (propertiesFile != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(propertiesFile)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(commandLine, "cannot read --spark-properties "
                        + propertiesFile + " (" + e.getMessage() + "): pass a readable properties file");
            }
            properties.stringPropertyNames().stream().sorted()
                    .forEach(key -> all.put(key, properties.getProperty(key).trim()));
        }
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            if (equals < 1) {
                throw new CommandLine.ParameterException(commandLine, "--spark-conf '" + setting
                        + "' is not KEY=VALUE: write it like spark.authenticate=true");
            }
            all.put(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
        }
        return SparkContexts.configuration(master, all);
    }

    /** The executors' descriptions of the tasks {@code modelOptions} name, in the same order. */
    static List<ProblemRecipe> recipes(ModelOptions modelOptions, Path dataDir, CommandLine commandLine) {
        return modelOptions.tasks(commandLine).stream().<ProblemRecipe>map(task -> new TaskRecipe(task, dataDir))
                .toList();
    }

    /** The executors' descriptions of the problems {@code options} build, in the same order. */
    static List<ProblemRecipe> recipes(ProblemOptions options, List<MnistMlp> mixture) {
        if (options.problem == ProblemKind.QUADRATIC && mixture.isEmpty()) {
            return List.of(QuadraticRecipe.of(QuadraticProblem.PAPER));
        }
        List<MnistMlp> mlps = mixture.isEmpty() ? List.of(options.mlp()) : mixture;
        return mlps.stream().<ProblemRecipe>map(mlp -> new MnistMlpRecipe(mlp, options.dataDir,
                MlpProblem.PAPER_BATCH_SIZE)).toList();
    }
}
