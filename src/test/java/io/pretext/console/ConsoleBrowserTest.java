package io.pretext.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

import javax.imageio.ImageIO;

import io.pretext.dataset.DatasetReader;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.Await;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.TestDatabase;
import io.pretext.testing.WorkerApp;
import io.pretext.training.TinyImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web console in a real browser (Debian's chromium through its chromedriver, headless) against
 * the whole application with a worker: sign in with a key, upload a test set through the form, submit
 * a tiny experiment and watch its progress change without a reload until its results and pictures
 * show, compare it with another, classify an image with its model, and cancel a study. Saves a
 * screenshot of every page into target/console-screenshots. Skipped, with a message, without
 * chromium and chromium-driver.
 */
class ConsoleBrowserTest {

    static final String ADMIN = "ptx_console-browser-test-admin-key-01";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/console-screenshots");
    static final String CLASSES = "top-left,middle,lower,right";

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    ConfigurableApplicationContext app;
    ApiClient api;
    ChromeDriver browser;
    WebDriverWait wait;
    String base;

    @BeforeEach
    void start() throws IOException {
        assumeThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("chromium and chromium-driver are installed (apt-get install chromium chromium-driver)").isTrue();
        // Two slots: the experiment's independent jobs (pretraining, scratch) and the second experiment
        // overlap. Event streams end after 20 s, as they do after 30 minutes in a long run: the page
        // must follow on after the last event it saw.
        app = WorkerApp.start(TestDatabase.newEmbeddedDatabase(), dataDir, ADMIN,
                Map.of("pretext.worker.devices", "cpu,cpu", "pretext.events.timeout", "20s"));
        api = WorkerApp.client(app);
        base = "http://localhost:" + ((org.springframework.boot.web.server.context.WebServerApplicationContext) app)
                .getWebServer().getPort();
        browser = chromium(work.resolve("profile"));
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class); // pages redraw parts of themselves as events arrive
        Files.createDirectories(SCREENSHOTS);
    }

    /** Headless chromium with a fresh profile; nothing downloaded (the driver's path is given, Selenium Manager stays out). */
    private static ChromeDriver chromium(Path profile) {
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void a_person_signs_in_submits_an_experiment_and_watches_it_finish_without_a_reload() throws Exception {
        String train = upload("squares-train", TinyImages.squares(480, 1, 16, 4, 1));

        // Sign in: a wrong key is refused in words, the right one is kept in session storage, never in a URL.
        browser.get(base + "/");
        WebElement key = wait.until(d -> d.findElement(By.id("api-key")));
        assertThat(browser.switchTo().activeElement()).as("the key field has focus").isEqualTo(key);
        shot("01-sign-in");
        key.sendKeys("ptx_not-a-key-of-anyone-00000000000", Keys.ENTER);
        assertThat(wait.until(d -> d.findElement(By.cssSelector("#sign-in-problem [role=alert]"))).getText())
                .containsIgnoringCase("key");
        key = browser.findElement(By.id("api-key"));
        key.clear();
        key.sendKeys(ADMIN, Keys.ENTER);
        wait.until(d -> d.findElement(By.id("nav")).isDisplayed());
        // The tab keeps the key over a reload; from the top of a fresh page the keyboard reaches the skip link first.
        browser.navigate().refresh();
        wait.until(d -> d.findElement(By.id("nav")).isDisplayed() && !d.findElements(By.tagName("h1")).isEmpty());
        new Actions(browser).sendKeys(Keys.TAB).perform();
        assertThat(browser.switchTo().activeElement().getText()).as("keyboard: the skip link comes first")
                .isEqualTo("Skip to content");
        assertThat(js("return sessionStorage.getItem('pretext.apiKey')")).isEqualTo(ADMIN);
        js("window.__sameDocument = 'yes'"); // gone after any reload

        // Datasets: upload the test set through the form, see its sample grid.
        browser.findElement(By.linkText("Datasets")).click();
        wait.until(d -> d.findElement(By.id("upload-title")));
        Path images = work.resolve("test-images.idx");
        Path labels = work.resolve("test-labels.idx");
        writeIdx(TinyImages.squares(120, 1, 16, 4, 2), images, labels);
        form("Name").sendKeys("squares-test");
        form("File").sendKeys(images.toString());
        form("Labels file (IDX only)").sendKeys(labels.toString());
        form("Class names").sendKeys(CLASSES);
        browser.findElement(By.xpath("//button[text()='Upload']")).click();
        wait.until(d -> d.findElement(By.tagName("h1")).getText().equals("squares-test"));
        wait.until(d -> d.findElement(By.cssSelector("figure.picture.loaded img")));
        shot("03-dataset");
        browser.findElement(By.linkText("Datasets")).click();
        wait.until(d -> d.findElements(By.linkText("squares-test")).size() == 1);
        shot("02-datasets");

        // A new experiment through the form.
        browser.findElement(By.linkText("Experiments")).click();
        wait.until(d -> d.findElement(By.linkText("New experiment"))).click();
        WebElement name = wait.until(d -> d.findElement(By.id("new-title")).isDisplayed() ? form("Name") : null);
        name.clear();
        name.sendKeys("console-tiny");
        new Select(form("Method")).selectByValue("rotation");
        setNumber("Epochs", 0, "2");
        setNumber("Batch size", 0, "64");
        setNumber("Labels per class", 0, "20");
        new Select(form("Strategy")).selectByValue("full");
        setNumber("Steps", 0, "12");
        browser.findElement(By.id("f-pixels")).click(); // scratch only: one child JVM less
        assertThat(new Select(form("Labeled data")).getFirstSelectedOption().getText()).startsWith("squares-train");
        assertThat(browser.findElement(By.xpath("//label[starts-with(text(),'squares-test')]/preceding-sibling::input"))
                .isSelected()).as("the test set is evaluated on by default").isTrue();
        shot("05-new-experiment");
        browser.findElement(By.xpath("//button[text()='Submit experiment']")).click();

        // Its page follows the events stream: progress changes with no reload until it succeeds.
        wait.until(d -> d.findElement(By.tagName("h1")).getText().equals("console-tiny"));
        String experiment = browser.getCurrentUrl().replaceAll(".*#/experiments/", "");
        String test = api.get("/v1/datasets", ADMIN).json().get("items").values().stream()
                .filter(d -> d.get("name").asString().equals("squares-test")).findFirst().orElseThrow().get("id").asString();
        String other = api.post("/v1/experiments", ADMIN, """
                {"name": "console-finetune-only", "seed": 3, "baselines": [], "evaluate": {"datasets": ["%s"]},
                 "finetune": {"dataset": "%s", "labelsPerClass": 20, "strategy": "full", "epochs": 2, "batchSize": 32}}
                """.formatted(test, train)).json().get("id").asString();
        Set<String> seen = new LinkedHashSet<>();
        boolean runningShot = false;
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (!badge().matches("SUCCEEDED|FAILED|CANCELLED")) {
            assertThat(System.nanoTime()).as("the experiment finished in time; seen: " + seen).isLessThan(deadline);
            String progress = String.valueOf(js("return document.getElementById('experiment-progress').innerText"));
            seen.add(progress);
            if (!runningShot && progress.contains("step")) {
                shot("06-experiment-running");
                runningShot = true;
            }
            Thread.sleep(150);
        }
        assertThat(badge()).as(String.join(" | ", seen)).isEqualTo("SUCCEEDED");
        assertThat(browser.findElement(By.xpath("//button[text()='Cancel experiment']")).isDisplayed()).isFalse();
        assertThat(seen).as("progress the page showed as it changed").hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(p -> assertThat(p).contains("running").containsPattern("step \\d+ of \\d+"));
        assertThat(js("return window.__sameDocument")).as("no reload happened").isEqualTo("yes");
        // The results follow the state by a request or two.
        String verdict = wait.until(d -> {
            Object text = js("const v = document.querySelector('.verdicts li'); return v ? v.textContent : ''");
            return text.toString().contains("pretraining") ? text.toString() : null;
        });
        assertThat(verdict).contains("squares-test").containsPattern("pretraining (beat|lost to|tied with) scratch by \\d+\\.\\d points");
        wait.until(d -> d.findElements(By.cssSelector("figure.picture.loaded img")).size() == 2);
        wait.until(d -> d.findElement(By.cssSelector(".served")).getText().contains("version 1"));
        assertThat(browser.findElements(By.cssSelector(".chart canvas"))).as("live curves drawn").isNotEmpty();
        assertThat(browser.findElement(By.cssSelector("ol.log")).getText()).contains("SUCCEEDED");
        shot("07-experiment-finished");

        // The list with state and headline; two chosen experiments on one chart.
        Await.until(Duration.ofMinutes(3), () -> api.get("/v1/experiments/" + other, ADMIN).json().get("state").asString().equals("SUCCEEDED"));
        browser.findElement(By.linkText("Experiments")).click();
        wait.until(d -> d.findElements(By.cssSelector("input[aria-label^='Compare']")).size() == 2);
        wait.until(d -> d.findElement(By.tagName("tbody")).getText().contains("over scratch"));
        shot("04-experiments");
        browser.findElements(By.cssSelector("input[aria-label^='Compare']")).forEach(WebElement::click);
        browser.findElement(By.xpath("//button[text()='Compare selected']")).click();
        wait.until(d -> d.findElement(By.cssSelector(".chart canvas")));
        assertThat(browser.getCurrentUrl()).contains(experiment).contains(other);
        assertThat(browser.findElement(By.cssSelector(".chart-summary")).getText())
                .contains("console-tiny").contains("console-finetune-only");
        shot("08-compare");

        // Models: the experiment's model classifies an uploaded image.
        browser.findElement(By.linkText("Models")).click();
        wait.until(d -> d.findElement(By.linkText("console-tiny"))).click();
        WebElement image = wait.until(d -> form("Image to classify"));
        Path png = work.resolve("square.png");
        writePng(TinyImages.squares(4, 1, 16, 4, 3), 1, png);
        image.sendKeys(png.toString());
        browser.findElement(By.xpath("//button[text()='Classify']")).click();
        WebElement prediction = wait.until(d -> d.findElement(By.cssSelector("#try-it-result .prediction")));
        assertThat(prediction.getText()).containsPattern("(top-left|middle|lower|right) with probability");
        assertThat(browser.findElement(By.id("try-it-result")).getText()).contains("Answered by console-tiny version 1");
        shot("10-model");
        browser.findElement(By.linkText("Models")).click();
        wait.until(d -> d.findElements(By.linkText("console-finetune-only")).size() == 1);
        shot("09-models");

        // Studies: one submitted over the API, seen and cancelled in the console.
        var study = api.post("/v1/studies", ADMIN, """
                {"name": "console-study", "labeled": "%s", "test": ["%s"], "budgets": [{"labelsPerClass": 10}],
                 "arms": ["full", "scratch"], "seeds": 2, "encoderFrom": "%s", "finetune": {"steps": 200, "batchSize": 32}}
                """.formatted(train, test, experiment));
        assertThat(study.status()).as(study.body()).isEqualTo(201);
        browser.findElement(By.linkText("Studies")).click();
        wait.until(d -> d.findElement(By.linkText("console-study")));
        shot("11-studies");
        browser.findElement(By.linkText("console-study")).click();
        WebElement cancel = wait.until(d -> d.findElement(By.xpath("//button[text()='Cancel study']")));
        wait.until(d -> d.findElement(By.cssSelector(".progress-text")).getText().contains("experiments"));
        assertThat(browser.findElement(By.cssSelector(".headline")).getText()).isEqualTo("Headline test set: squares-test");
        shot("12-study");
        cancel.click();
        wait.until(d -> badge().equals("CANCELLED"));
        assertThat(cancel.isDisplayed()).as("nothing left to cancel").isFalse();
        shot("13-study-cancelled");

        // No key in any URL the page asked for; no script errors or refused resources.
        List<Object> urls = cast(js("return performance.getEntries().map(e => e.name)"));
        assertThat(urls).isNotEmpty().noneSatisfy(u -> assertThat(u.toString()).contains(ADMIN));
        List<String> problems = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            if (message.contains("Uncaught") || message.contains("Content Security Policy") || message.contains("TypeError")) {
                problems.add(message);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(js("return typeof uPlot")).as("the chart WebJar loaded").isEqualTo("function");
    }

    /** Read in one script: the page redraws the badge as events arrive, so a found element may be gone a moment later. */
    private String badge() {
        return String.valueOf(js("const b = document.querySelector('.state-line .badge'); return b ? b.textContent : ''"));
    }

    /** The form control a visible label names. */
    private WebElement form(String label) {
        WebElement l = browser.findElement(By.xpath("//label[text()='" + label + "']"));
        return browser.findElement(By.id(l.getAttribute("for")));
    }

    private void setNumber(String label, int index, String value) {
        List<WebElement> labels = browser.findElements(By.xpath("//label[text()='" + label + "']"));
        WebElement input = browser.findElement(By.id(labels.get(index).getAttribute("for")));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), value);
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> cast(Object list) {
        return (List<Object>) list;
    }

    /**
     * A PNG of the whole page (the window grown to its height) into target/console-screenshots, after
     * checking that every control on it has a label a screen reader reads.
     */
    private void shot(String name) throws IOException {
        assertThat(cast(js("""
                return [...document.querySelectorAll('input, select, textarea, button')]
                  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
                  .map(e => e.outerHTML)"""))).as("unlabelled controls on " + name).isEmpty();
        Number height = (Number) js("return Math.max(document.documentElement.scrollHeight, 700)");
        browser.manage().window().setSize(new Dimension(1280, Math.min(height.intValue() + 40, 5000)));
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    private String upload(String name, DatasetReader.Images images) {
        byte[] labels = labels(images);
        return api.upload("/v1/datasets", ADMIN, Map.of("name", name, "classes", CLASSES),
                new FilePart("file", name + ".idx", DatasetFiles.idx(0x00000803,
                        new int[] {images.numSamples(), images.height(), images.width()}, images.pixels())),
                new FilePart("labels", name + "-labels.idx", DatasetFiles.idxLabels(labels))).json().get("id").asString();
    }

    private static byte[] labels(DatasetReader.Images images) {
        byte[] labels = new byte[images.numSamples()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) images.labels()[i];
        }
        return labels;
    }

    private static void writeIdx(DatasetReader.Images images, Path file, Path labelFile) throws IOException {
        Files.write(file, DatasetFiles.idx(0x00000803, new int[] {images.numSamples(), images.height(), images.width()},
                images.pixels()));
        Files.write(labelFile, DatasetFiles.idxLabels(labels(images)));
    }

    private static void writePng(DatasetReader.Images images, int index, Path file) throws IOException {
        int size = images.width();
        BufferedImage picture = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = images.pixels()[index * size * size + y * size + x] & 0xff;
                picture.getRaster().setSample(x, y, 0, v);
            }
        }
        ImageIO.write(picture, "png", new File(file.toString()));
    }
}
