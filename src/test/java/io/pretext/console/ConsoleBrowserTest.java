package io.pretext.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
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
    static final String CLASSES = "top-left,middle,lower,right";

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    ConfigurableApplicationContext app;
    ApiClient api;
    ConsoleBrowser page;
    ChromeDriver browser;
    WebDriverWait wait;
    String base;

    @BeforeEach
    void start() throws IOException {
        assumeThat(ConsoleBrowser.installed())
                .as("chromium and chromium-driver are installed (apt-get install chromium chromium-driver)").isTrue();
        // Two slots: the experiment's independent jobs (pretraining, scratch) and the second experiment
        // overlap. Event streams end after 20 s, as they do after 30 minutes in a long run: the page
        // must follow on after the last event it saw.
        app = WorkerApp.start(TestDatabase.newEmbeddedDatabase(), dataDir, ADMIN,
                Map.of("pretext.worker.devices", "cpu,cpu", "pretext.events.timeout", "20s"));
        api = WorkerApp.client(app);
        base = "http://localhost:" + ((org.springframework.boot.web.server.context.WebServerApplicationContext) app)
                .getWebServer().getPort();
        page = new ConsoleBrowser(work.resolve("profile"));
        browser = page.driver;
        wait = page.wait;
    }

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
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
        page.shot("01-sign-in");
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
        assertThat(page.js("return sessionStorage.getItem('pretext.apiKey')")).isEqualTo(ADMIN);
        page.js("window.__sameDocument = 'yes'"); // gone after any reload

        // Datasets: upload the test set through the form, see its sample grid.
        browser.findElement(By.linkText("Datasets")).click();
        wait.until(d -> d.findElement(By.id("upload-title")));
        Path images = work.resolve("test-images.idx");
        Path labels = work.resolve("test-labels.idx");
        SquareFiles.writeIdx(TinyImages.squares(120, 1, 16, 4, 2), images, labels);
        page.control("Name").sendKeys("squares-test");
        page.control("File").sendKeys(images.toString());
        page.control("Labels file (IDX only)").sendKeys(labels.toString());
        page.control("Class names").sendKeys(CLASSES);
        browser.findElement(By.xpath("//button[text()='Upload']")).click();
        wait.until(d -> d.findElement(By.tagName("h1")).getText().equals("squares-test"));
        wait.until(d -> d.findElement(By.cssSelector("figure.picture.loaded img")));
        page.shot("03-dataset");
        browser.findElement(By.linkText("Datasets")).click();
        wait.until(d -> d.findElements(By.linkText("squares-test")).size() == 1);
        page.shot("02-datasets");

        // A new experiment through the form.
        browser.findElement(By.linkText("Experiments")).click();
        wait.until(d -> d.findElement(By.linkText("New experiment"))).click();
        WebElement name = wait.until(d -> d.findElement(By.id("new-title")).isDisplayed() ? page.control("Name") : null);
        name.clear();
        name.sendKeys("console-tiny");
        new Select(page.control("Method")).selectByValue("rotation");
        page.replace(page.control("Epochs"), "2");
        page.replace(page.control("Batch size"), "64");
        page.replace(page.control("Labels per class"), "20");
        new Select(page.control("Strategy")).selectByValue("full");
        page.replace(page.control("Steps"), "12");
        browser.findElement(By.id("f-pixels")).click(); // scratch only: one child JVM less
        assertThat(new Select(page.control("Labeled data")).getFirstSelectedOption().getText()).startsWith("squares-train");
        assertThat(browser.findElement(By.xpath("//label[starts-with(text(),'squares-test')]/preceding-sibling::input"))
                .isSelected()).as("the test set is evaluated on by default").isTrue();
        page.shot("05-new-experiment");
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
        while (!page.badge().matches("SUCCEEDED|FAILED|CANCELLED")) {
            assertThat(System.nanoTime()).as("the experiment finished in time; seen: " + seen).isLessThan(deadline);
            String progress = String.valueOf(page.js("return document.getElementById('experiment-progress').innerText"));
            seen.add(progress);
            if (!runningShot && progress.contains("step")) {
                page.shot("06-experiment-running");
                runningShot = true;
            }
            Thread.sleep(150);
        }
        assertThat(page.badge()).as(String.join(" | ", seen)).isEqualTo("SUCCEEDED");
        assertThat(browser.findElement(By.xpath("//button[text()='Cancel experiment']")).isDisplayed()).isFalse();
        assertThat(seen).as("progress the page showed as it changed").hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(p -> assertThat(p).contains("running").containsPattern("step \\d+ of \\d+"));
        assertThat(page.js("return window.__sameDocument")).as("no reload happened").isEqualTo("yes");
        // The results follow the state by a request or two.
        String verdict = wait.until(d -> {
            Object text = page.js("const v = document.querySelector('.verdicts li'); return v ? v.textContent : ''");
            return text.toString().contains("pretraining") ? text.toString() : null;
        });
        assertThat(verdict).contains("squares-test").containsPattern("pretraining (beat|lost to|tied with) scratch by \\d+\\.\\d points");
        wait.until(d -> d.findElements(By.cssSelector("figure.picture.loaded img")).size() == 2);
        wait.until(d -> d.findElement(By.cssSelector(".served")).getText().contains("version 1"));
        assertThat(browser.findElements(By.cssSelector(".chart canvas"))).as("live curves drawn").isNotEmpty();
        assertThat(browser.findElement(By.cssSelector("ol.log")).getText()).contains("SUCCEEDED");
        // The jobs table re-renders as the results arrive: find the button again if it was replaced.
        wait.until(d -> {
            try {
                d.findElements(By.xpath("//button[text()='Log']")).get(0).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
                return false;
            }
        });
        assertThat(wait.until(d -> d.findElement(By.xpath("//h3[starts-with(text(),'Log of')]"))).getText())
                .as("the job's log, read through GET /v1/jobs/{id}/log").contains("attempt 1");
        assertThat(browser.findElement(By.cssSelector("pre.job-log")).isDisplayed()).isTrue();
        page.shot("07-experiment-finished");

        // The list with state and headline; two chosen experiments on one chart.
        Await.until(Duration.ofMinutes(3), () -> api.get("/v1/experiments/" + other, ADMIN).json().get("state").asString().equals("SUCCEEDED"));
        browser.findElement(By.linkText("Experiments")).click();
        wait.until(d -> d.findElements(By.cssSelector("input[aria-label^='Compare']")).size() == 2);
        wait.until(d -> d.findElement(By.tagName("tbody")).getText().contains("over scratch"));
        page.shot("04-experiments");
        browser.findElements(By.cssSelector("input[aria-label^='Compare']")).forEach(WebElement::click);
        browser.findElement(By.xpath("//button[text()='Compare selected']")).click();
        wait.until(d -> d.findElement(By.cssSelector(".chart canvas")));
        assertThat(browser.getCurrentUrl()).contains(experiment).contains(other);
        assertThat(browser.findElement(By.cssSelector(".chart-summary")).getText())
                .contains("console-tiny").contains("console-finetune-only");
        page.shot("08-compare");

        // Models: the experiment's model classifies an uploaded image.
        browser.findElement(By.linkText("Models")).click();
        // The compare page being replaced links console-tiny too: wait for the models list, and find the
        // link again if it went stale under the click.
        wait.until(d -> d.findElement(By.tagName("h1")).getText().equals("Models"));
        wait.until(d -> {
            try {
                d.findElement(By.linkText("console-tiny")).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return false;
            }
        });
        WebElement image = wait.until(d -> page.control("Image to classify"));
        Path png = work.resolve("square.png");
        SquareFiles.writePng(TinyImages.squares(4, 1, 16, 4, 3), 1, png);
        image.sendKeys(png.toString());
        browser.findElement(By.xpath("//button[text()='Classify']")).click();
        WebElement prediction = wait.until(d -> d.findElement(By.cssSelector("#try-it-result .prediction")));
        assertThat(prediction.getText()).containsPattern("(top-left|middle|lower|right) with probability");
        assertThat(browser.findElement(By.id("try-it-result")).getText()).contains("Answered by console-tiny version 1");
        page.shot("10-model");
        browser.findElement(By.linkText("Models")).click();
        wait.until(d -> d.findElements(By.linkText("console-finetune-only")).size() == 1);
        page.shot("09-models");

        // Studies: one submitted over the API, seen and cancelled in the console.
        var study = api.post("/v1/studies", ADMIN, """
                {"name": "console-study", "labeled": "%s", "test": ["%s"], "budgets": [{"labelsPerClass": 10}],
                 "arms": ["full", "scratch"], "seeds": 2, "encoderFrom": "%s", "finetune": {"steps": 200, "batchSize": 32}}
                """.formatted(train, test, experiment));
        assertThat(study.status()).as(study.body()).isEqualTo(201);
        browser.findElement(By.linkText("Studies")).click();
        wait.until(d -> d.findElement(By.linkText("console-study")));
        page.shot("11-studies");
        browser.findElement(By.linkText("console-study")).click();
        WebElement cancel = wait.until(d -> d.findElement(By.xpath("//button[text()='Cancel study']")));
        wait.until(d -> d.findElement(By.cssSelector(".progress-text")).getText().contains("experiments"));
        assertThat(wait.until(d -> d.findElement(By.cssSelector(".headline"))).getText())
                .isEqualTo("Headline test set: squares-test");
        page.shot("12-study");
        cancel.click();
        wait.until(d -> page.badge().equals("CANCELLED"));
        assertThat(cancel.isDisplayed()).as("nothing left to cancel").isFalse();
        page.shot("13-study-cancelled");

        // No key in any URL the page asked for; no script errors or refused resources.
        List<Object> urls = ConsoleBrowser.list(page.js("return performance.getEntries().map(e => e.name)"));
        assertThat(urls).isNotEmpty().noneSatisfy(u -> assertThat(u.toString()).contains(ADMIN));
        assertThat(page.scriptProblems()).isEmpty();
        assertThat(page.js("return typeof uPlot")).as("the chart WebJar loaded").isEqualTo("function");
    }

    private String upload(String name, DatasetReader.Images images) {
        byte[] labels = SquareFiles.labels(images);
        return api.upload("/v1/datasets", ADMIN, Map.of("name", name, "classes", CLASSES),
                new FilePart("file", name + ".idx", DatasetFiles.idx(0x00000803,
                        new int[] {images.numSamples(), images.height(), images.width()}, images.pixels())),
                new FilePart("labels", name + "-labels.idx", DatasetFiles.idxLabels(labels))).json().get("id").asString();
    }
}
