package io.github.inqspark.model;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.VGG16;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * ImageNet-scale architectures, built without weights (nothing is downloaded): DL4J zoo's VGG-16
 * (a MultiLayerNetwork, 138,357,544 parameters at 1000 classes) and ResNet-50 (a ComputationGraph,
 * 25,636,712). Pre-trained weights come from files (DL4J zip or, later, Keras h5).
 */
public final class ImageNetArchitectures {

    private ImageNetArchitectures() {
    }

    public static Net named(String name, int classes, long seed) {
        return switch (name) {
            case "vgg16" -> Net.of(VGG16.builder().numClasses(classes).seed(seed).updater(new Nesterovs(1e-3, 0.9))
                    .workspaceMode(WorkspaceMode.ENABLED).cacheMode(CacheMode.NONE).build().init());
            case "resnet50" -> Net.of(ResNet50.builder().numClasses(classes).seed(seed).updater(new Nesterovs(1e-3, 0.9))
                    .workspaceMode(WorkspaceMode.ENABLED).cacheMode(CacheMode.NONE).build().init());
            default -> throw new IllegalArgumentException("unknown architecture '" + name + "' (known: vgg16, resnet50)");
        };
    }
}
