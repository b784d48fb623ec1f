package io.pretext.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless with a fresh profile, driven through Debian's chromedriver (its path
 * given, so Selenium Manager never downloads anything), with the few reads the console's pages need
 * and full-page screenshots into target/console-screenshots. One test's browser; not thread-safe.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/console-screenshots");

    final ChromeDriver driver;
    /** Waits up to 30 s, through the page redrawing the element it looks at. */
    final WebDriverWait wait;

    /** Whether chromium and chromium-driver are installed. */
    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    ConsoleBrowser(Path profile) throws IOException {
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
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class); // pages redraw parts of themselves as events arrive
        Files.createDirectories(SCREENSHOTS);
    }

    Object js(String script) {
        return driver.executeScript(script);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    /** Read in one script: the page redraws the badge as events arrive, so a found element may be gone a moment later. */
    String badge() {
        return String.valueOf(js("const b = document.querySelector('.state-line .badge'); return b ? b.textContent : ''"));
    }

    /** The form control the index-th label with this text names. */
    WebElement control(String label, int index) {
        List<WebElement> labels = driver.findElements(By.xpath("//label[text()='" + label + "']"));
        if (labels.size() <= index) {
            throw new NoSuchElementException("No label '" + label + "' number " + (index + 1)); // waits retry on this
        }
        return driver.findElement(By.id(labels.get(index).getAttribute("for")));
    }

    WebElement control(String label) {
        return control(label, 0);
    }

    void replace(WebElement input, String value) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), value);
    }

    /** Script errors and refused resources (CSP) the browser logged. */
    List<String> scriptProblems() {
        List<String> problems = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            if (message.contains("Uncaught") || message.contains("Content Security Policy") || message.contains("TypeError")) {
                problems.add(message);
            }
        }
        return problems;
    }

    /**
     * A PNG of the whole page (the window grown to its height) into target/console-screenshots, after
     * checking that every control on it has a label a screen reader reads.
     */
    void shot(String name) throws IOException {
        assertThat(list(js("""
                return [...document.querySelectorAll('input, select, textarea, button')]
                  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
                  .map(e => e.outerHTML)"""))).as("unlabelled controls on " + name).isEmpty();
        Number height = (Number) js("return Math.max(document.documentElement.scrollHeight, 700)");
        driver.manage().window().setSize(new Dimension(1280, Math.min(height.intValue() + 40, 5000)));
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
