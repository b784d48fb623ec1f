import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

/**
 * Benchmark inputs, deterministic (seed 1): a zip of PNG images in class folders, and a raw IDX
 * images file of a given size. Run with the JDK's single-file launcher:
 *
 *   java bench/GenerateData.java zip OUT.zip COUNT SIDE
 *   java bench/GenerateData.java idx OUT.idx MEGABYTES
 */
public class GenerateData {

    public static void main(String[] args) throws Exception {
        Random random = new Random(1);
        if (args[0].equals("zip")) {
            int count = Integer.parseInt(args[2]);
            int side = Integer.parseInt(args[3]);
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(Path.of(args[1]))))) {
                for (int i = 0; i < count; i++) {
                    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
                    int base = random.nextInt(1 << 24);
                    for (int y = 0; y < side; y++) {
                        for (int x = 0; x < side; x++) {
                            image.setRGB(x, y, base ^ (random.nextInt(64) * 0x010101));
                        }
                    }
                    ByteArrayOutputStream png = new ByteArrayOutputStream();
                    ImageIO.write(image, "png", png);
                    zip.putNextEntry(new ZipEntry("class" + (i % 10) + "/" + i + ".png"));
                    zip.write(png.toByteArray());
                    zip.closeEntry();
                }
            }
        } else {
            long bytes = Long.parseLong(args[2]) << 20;
            int rows = 28;
            int cols = 28;
            int count = (int) (bytes / (rows * cols));
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(Path.of(args[1])), 1 << 20);
                    DataOutputStream out = new DataOutputStream(file)) {
                out.writeInt(0x00000803);
                out.writeInt(count);
                out.writeInt(rows);
                out.writeInt(cols);
                byte[] image = new byte[rows * cols];
                for (int i = 0; i < count; i++) {
                    random.nextBytes(image);
                    out.write(image);
                }
            }
        }
    }
}
