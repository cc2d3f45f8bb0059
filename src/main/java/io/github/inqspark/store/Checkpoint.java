package io.github.inqspark.store;

import java.util.Map;

/**
 * One committed, verified checkpoint of a run: the files it holds, by name, read whole.
 *
 * @param stage the stage whose partition has been applied (0: the pre-trained model)
 * @param epoch the last epoch trained within that stage, or -1 for a stage's final commit
 */
public record Checkpoint(String name, int stage, int epoch, Map<String, byte[]> files) {

    public boolean isStageCommit() {
        return epoch < 0;
    }

    public byte[] file(String fileName) throws CorruptCheckpointException {
        byte[] b = files.get(fileName);
        if (b == null) {
            throw new CorruptCheckpointException("checkpoint " + name + " has no file " + fileName);
        }
        return b;
    }
}
