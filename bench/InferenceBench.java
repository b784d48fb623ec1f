import java.nio.file.Path;
import java.util.Random;

import io.pretext.storage.ArtifactStore;
import io.pretext.storage.ArtifactStores;
import io.pretext.storage.StorageProperties;
import io.pretext.training.TrainedModel;
import tools.jackson.databind.json.JsonMapper;

/**
 * In-process forward throughput of a checkpoint: images/s through TrainedModel at several batch
 * sizes, one thread (as one inference worker), after a warm-up. Needs the application classes
 * and dependencies on the class path:
 *
 *   java -cp target/classes:$(cat cp.txt) bench/InferenceBench.java DATA_DIR CHECKPOINT_PREFIX SECONDS
 *
 * Prints "batch=N imagesPerSecond=X" per batch size.
 */
public class InferenceBench {

    public static void main(String[] args) throws Exception {
        ArtifactStore store = ArtifactStores.create(new StorageProperties(StorageProperties.Type.FILESYSTEM, null),
                Path.of(args[0]));
        double seconds = Double.parseDouble(args[2]);
        try (TrainedModel model = TrainedModel.load(store, args[1], JsonMapper.builder().build())) {
            Random random = new Random(1);
            for (int batch : new int[] {1, 8, 32}) {
                byte[] pixels = new byte[batch * model.card().inputBytes()];
                random.nextBytes(pixels);
                for (int i = 0; i < 20; i++) {
                    model.probabilities(pixels, batch);
                }
                long images = 0;
                long start = System.nanoTime();
                while (System.nanoTime() - start < seconds * 1e9) {
                    model.probabilities(pixels, batch);
                    images += batch;
                }
                System.out.printf("batch=%d imagesPerSecond=%.1f%n", batch, images / ((System.nanoTime() - start) / 1e9));
            }
        }
        System.exit(0);
    }
}
