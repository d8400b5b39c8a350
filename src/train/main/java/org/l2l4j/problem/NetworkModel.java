package org.l2l4j.problem;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A DL4J network architecture that serves as an optimizee: a {@link MultiLayerConfiguration} or a
 * {@link ComputationGraphConfiguration} classifying square grayscale images into classes with a softmax
 * output and cross-entropy loss. Each run builds the network afresh with DL4J's own initialisation, seeded
 * with the run's seed. The configuration's JSON is the model's identity (and its cache fingerprint).
 */
public final class NetworkModel {

    private final String name;
    private final String json;
    private final boolean graph;
    private final InputLayout layout;
    private int parameterCount = -1;

    private NetworkModel(String name, String json, boolean graph, InputLayout layout) {
        this.name = name;
        this.json = json;
        this.graph = graph;
        this.layout = layout;
    }

    public static NetworkModel of(String name, MultiLayerConfiguration configuration) {
        return new NetworkModel(name, configuration.toJson(), false, layoutOf(configuration));
    }

    public static NetworkModel of(String name, ComputationGraphConfiguration configuration) {
        return new NetworkModel(name, configuration.toJson(), true, layoutOf(name, configuration));
    }

    /**
     * Reads a configuration JSON file ({@code MultiLayerConfiguration.toJson()} or
     * {@code ComputationGraphConfiguration.toJson()}) or a {@code ModelSerializer} zip, whose configuration
     * is used (its parameters are not: every run starts from a fresh seeded initialisation).
     */
    public static NetworkModel read(Path file) {
        String json = configurationJson(file);
        JsonNode tree;
        try {
            tree = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new InvalidModelException(file + " is not a DL4J network configuration: it is neither JSON nor a"
                    + " ModelSerializer zip. Pass the JSON of MultiLayerConfiguration.toJson() or"
                    + " ComputationGraphConfiguration.toJson(), or a model saved with ModelSerializer");
        }
        String name = file.toString();
        try {
            if (tree != null && tree.has("vertices")) {
                return of(name, ComputationGraphConfiguration.fromJson(json));
            }
            if (tree != null && tree.has("confs")) {
                return of(name, MultiLayerConfiguration.fromJson(json));
            }
        } catch (InvalidModelException e) {
            throw new InvalidModelException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new InvalidModelException(file + " looks like a DL4J configuration but DL4J cannot read it: "
                    + e.getMessage(), e);
        }
        throw new InvalidModelException(file + " is JSON but not a DL4J network configuration (it has neither the"
                + " 'confs' of a MultiLayerConfiguration nor the 'vertices' of a ComputationGraphConfiguration)");
    }

    private static String configurationJson(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(file + " does not exist or is not a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            if (magic.length == 2 && magic[0] == 'P' && magic[1] == 'K') {
                try (ZipFile zip = new ZipFile(file.toFile())) {
                    ZipEntry entry = zip.getEntry(ModelSerializer.CONFIGURATION_JSON);
                    if (entry == null) {
                        throw new InvalidModelException(file + " is a zip file but not a ModelSerializer model: it has no "
                                + ModelSerializer.CONFIGURATION_JSON);
                    }
                    try (InputStream entryIn = zip.getInputStream(entry)) {
                        return new String(entryIn.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidModelException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    /** The configuration as DL4J writes it: what identifies this architecture. */
    public String json() {
        return json;
    }

    public InputLayout layout() {
        return layout;
    }

    public synchronized int parameterCount() {
        if (parameterCount < 0) {
            long count = instantiate(0).model().numParams();
            if (count > Integer.MAX_VALUE) {
                throw new InvalidModelException(name + " has " + count + " parameters, more than an optimizee's"
                        + " flat θ can hold (" + Integer.MAX_VALUE + ")");
            }
            parameterCount = (int) count;
        }
        return parameterCount;
    }

    /** The network freshly initialised by DL4J's own weight initialisation, seeded with {@code seed}. */
    NetworkInstance instantiate(long seed) {
        if (graph) {
            ComputationGraphConfiguration configuration = ComputationGraphConfiguration.fromJson(json);
            configuration.getDefaultConfiguration().setSeed(seed);
            for (GraphVertex vertex : configuration.getVertices().values()) {
                if (vertex instanceof LayerVertex layerVertex) {
                    layerVertex.getLayerConf().setSeed(seed);
                }
            }
            ComputationGraph network = new ComputationGraph(configuration);
            network.init();
            return new NetworkInstance(network);
        }
        MultiLayerConfiguration configuration = MultiLayerConfiguration.fromJson(json);
        configuration.getConfs().forEach(layer -> layer.setSeed(seed));
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return new NetworkInstance(network);
    }

    /**
     * Refuses, naming the mismatch, a network that cannot be trained on images of {@code side} × {@code side}
     * pixels in {@code classes} classes: no trainable parameters, an output that is not a softmax with
     * cross-entropy over the classes, regularization or gradient normalization (which DL4J applies inside the
     * updater step, so an optimizee's gradient would not show them), or an input that does not take the images.
     */
    public void checkFits(int side, int classes) {
        List<Layer> layers = layers();
        DataType dataType = graph ? ComputationGraphConfiguration.fromJson(json).getDataType()
                : MultiLayerConfiguration.fromJson(json).getDataType();
        if (dataType != DataType.FLOAT) {
            throw new InvalidModelException(name + " has " + dataType + " parameters, but the learned optimizer works on"
                    + " FLOAT ones; build it with .dataType(DataType.FLOAT)");
        }
        if (parameterCount() == 0) {
            throw new InvalidModelException(name + " has no trainable parameters: there is nothing to optimize");
        }
        for (Layer layer : layers) {
            if (layer instanceof BaseLayer base && (!base.getRegularization().isEmpty()
                    || !base.getRegularizationBias().isEmpty()
                    || (base.getGradientNormalization() != null && base.getGradientNormalization() != GradientNormalization.None))) {
                throw new InvalidModelException(name + ": layer '" + layer.getLayerName() + "' uses regularization or"
                        + " gradient normalization, which DL4J applies inside the updater step, so the optimizee's"
                        + " gradient would not match what the updater sees; remove it from the configuration");
            }
        }
        Layer last = outputLayer();
        if (!(last instanceof BaseOutputLayer output) || !(output.getActivationFn() instanceof ActivationSoftmax)
                || !(output.getLossFn() instanceof LossMCXENT || output.getLossFn() instanceof LossNegativeLogLikelihood)) {
            throw new InvalidModelException(name + ": the network must end in an output layer with softmax activation"
                    + " and MCXENT (or NEGATIVELOGLIKELIHOOD) loss over the " + classes + " classes, but it ends in "
                    + (last == null ? "no layer" : last.getClass().getSimpleName()
                    + (last instanceof BaseOutputLayer o ? " with " + o.getActivationFn() + " and " + o.getLossFn() : "")));
        }
        if (output.getNOut() != classes) {
            throw new InvalidModelException(name + ": its output layer has " + output.getNOut() + " units, but the"
                    + " dataset has " + classes + " classes; set nOut(" + classes + ")");
        }
        NetworkInstance network = instantiate(0);
        INDArray features = Nd4j.zeros(DataType.FLOAT, layout.shape(2, side));
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 2, classes);
        labels.putScalar(0, 0, 1f);
        labels.putScalar(1, classes - 1, 1f);
        try {
            network.computeGradientAndScore(features, labels);
        } catch (RuntimeException e) {
            throw new InvalidModelException(name + ": its input does not fit the dataset, given as " + layout.describe(side)
                    + ": " + e.getMessage(), e);
        }
    }

    /** Every layer's configuration, wrappers unwrapped, in order (vertex order for a graph). */
    private List<Layer> layers() {
        List<Layer> layers = new ArrayList<>();
        if (graph) {
            for (GraphVertex vertex : ComputationGraphConfiguration.fromJson(json).getVertices().values()) {
                if (vertex instanceof LayerVertex layerVertex) {
                    layers.add(unwrap(layerVertex.getLayerConf().getLayer()));
                }
            }
        } else {
            for (NeuralNetConfiguration conf : MultiLayerConfiguration.fromJson(json).getConfs()) {
                layers.add(unwrap(conf.getLayer()));
            }
        }
        return layers;
    }

    private Layer outputLayer() {
        if (graph) {
            ComputationGraphConfiguration configuration = ComputationGraphConfiguration.fromJson(json);
            GraphVertex vertex = configuration.getVertices().get(configuration.getNetworkOutputs().get(0));
            return vertex instanceof LayerVertex layerVertex ? layerVertex.getLayerConf().getLayer() : null;
        }
        List<NeuralNetConfiguration> confs = MultiLayerConfiguration.fromJson(json).getConfs();
        return confs.isEmpty() ? null : confs.get(confs.size() - 1).getLayer();
    }

    private static Layer unwrap(Layer layer) {
        Layer inner = layer;
        while (true) {
            if (inner instanceof BaseWrapperLayer wrapper) {
                inner = wrapper.getUnderlying();
            } else if (inner instanceof Bidirectional bidirectional) {
                inner = bidirectional.getFwd();
            } else {
                return inner;
            }
        }
    }

    private static InputLayout layoutOf(MultiLayerConfiguration configuration) {
        if (configuration.getConfs().isEmpty()) {
            throw new InvalidModelException("the configuration has no layers");
        }
        return layoutOf(configuration.getInputPreProcess(0), configuration.getConf(0).getLayer());
    }

    private static InputLayout layoutOf(String name, ComputationGraphConfiguration configuration) {
        if (configuration.getNetworkInputs().size() != 1 || configuration.getNetworkOutputs().size() != 1) {
            throw new InvalidModelException("the graph has " + configuration.getNetworkInputs().size() + " inputs and "
                    + configuration.getNetworkOutputs().size() + " outputs, but an image classifier has one of each");
        }
        String input = configuration.getNetworkInputs().get(0);
        for (var entry : configuration.getVertexInputs().entrySet()) {
            if (entry.getValue().contains(input) && configuration.getVertices().get(entry.getKey()) instanceof LayerVertex v) {
                return layoutOf(v.getPreProcessor(), v.getLayerConf().getLayer());
            }
        }
        throw new InvalidModelException("no layer of the graph reads its input '" + input + "' directly");
    }

    private static InputLayout layoutOf(InputPreProcessor preprocessor, Layer first) {
        if (preprocessor instanceof FeedForwardToCnnPreProcessor || preprocessor instanceof FeedForwardToRnnPreProcessor) {
            return InputLayout.FLAT;
        }
        Layer layer = unwrap(first);
        if (layer instanceof ConvolutionLayer || layer instanceof SubsamplingLayer) {
            return InputLayout.IMAGE;
        }
        if (layer instanceof BaseRecurrentLayer) {
            return InputLayout.SEQUENCE;
        }
        return InputLayout.FLAT;
    }
}
