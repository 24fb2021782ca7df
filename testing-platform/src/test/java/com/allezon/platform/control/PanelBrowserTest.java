package com.allezon.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.allezon.model.Json;
import com.allezon.platform.load.TestTarget;

import tools.jackson.databind.JsonNode;

/**
 * The web panel in a real headless Chromium, driven over the DevTools protocol the way a user drives it:
 * fill the form, press Create, then start / pause / resume / close with the row's buttons. After every
 * click the test waits until the panel shows the new state and the server's API agrees; it checks that the
 * tags-sent count moves while running, stands still while paused (over several of the panel's polls), moves
 * again after resume, and that a closed subscription offers no resume and the API refuses one.
 *
 * <p>Needs {@code chromium} (or {@code chromium-browser}, {@code google-chrome}) on PATH. Without one the
 * test is skipped, unless {@code -Dallezon.browser.required=true} (as {@code .ci/run} sets), then it fails.
 */
class PanelBrowserTest {

    /** For each wait on the panel, the API or the target. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** For chromium to print its DevTools URL: seconds on a busy 2-core machine, so generously more. */
    private static final Duration BROWSER_START = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long RATE = 200;
    private static final long SEED = 7;
    /** How many of the panel's own list polls the paused count must survive unchanged. */
    private static final int PAUSED_POLLS = 3;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(DEADLINE).build();
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();
    private final AtomicInteger panelListPolls = new AtomicInteger();
    private URI base;
    private DevToolsSession.Page page;
    private TestTarget target;
    private final long startedNanos = System.nanoTime();

    /** What the panel's row of one subscription shows (enabled buttons only), plus the details and error lines. */
    record PanelRow(String state, String target, String rate, String seed, long tagsSent, List<String> actions,
                    String details, String error) {
    }

    /** What the API says about the subscription. */
    record ApiView(String state, long tagsSent) {
    }

    @Test
    void panelDrivesASubscriptionThroughItsWholeLife() throws Exception {
        Optional<Path> binary = HeadlessChromium.findOnPath();
        if (binary.isEmpty()) {
            String message = "no chromium, chromium-browser or google-chrome on PATH: the panel's browser test cannot run"
                    + " (install chromium; .ci/run does)";
            if (Boolean.getBoolean("allezon.browser.required")) {
                fail(message + ", and -Dallezon.browser.required=true says it must");
            }
            Assumptions.abort(message + "; skipped because allezon.browser.required is not true");
        }

        Path profile;
        ProcessHandle browser;
        try (TestTarget target = TestTarget.perfect();
             ConfigurableApplicationContext server = PlatformServer.start(0);
             HeadlessChromium chromium = HeadlessChromium.start(binary.get(), BROWSER_START);
             DevToolsSession devTools = DevToolsSession.connect(chromium.devToolsUrl(), DEADLINE)) {
            profile = chromium.profileDir();
            browser = chromium.handle();
            log("chromium " + browser.pid() + " up in " + chromium.startup().toMillis() + " ms: " + chromium.devToolsUrl());
            this.target = target;
            base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) server).getWebServer().getPort());
            try {
                drive(devTools);
            } catch (AssertionError | RuntimeException e) {
                e.addSuppressed(new AssertionError("page errors: " + pageErrors + "\nchromium stderr (tail):\n"
                        + chromium.stderrTail()));
                throw e;
            }
        }
        assertThat(browser.isAlive()).as("chromium is killed").isFalse();
        assertThat(profile).as("chromium's profile directory is deleted").doesNotExist();
    }

    private void drive(DevToolsSession devTools) throws Exception {
        devTools.onEvent(event -> {
            String method = event.path("method").asString();
            JsonNode params = event.path("params");
            if (method.equals("Runtime.exceptionThrown")) {
                pageErrors.add(params.path("exceptionDetails").toString());
            } else if (method.equals("Runtime.consoleAPICalled") && params.path("type").asString().equals("error")) {
                pageErrors.add(params.path("args").toString());
            } else if (method.equals("Network.responseReceived")
                    && params.path("response").path("url").asString().endsWith("/api/subscriptions")) {
                panelListPolls.incrementAndGet(); // the panel's once-a-second GET of the list
            }
        });
        page = devTools.openPage();
        page.call("Runtime.enable", Map.of());
        page.call("Network.enable", Map.of());
        page.call("Page.enable", Map.of());
        URI panel = base.resolve("/");
        page.navigate(panel);
        await("the panel to load", () -> {
            try {
                return page.evaluate("document.readyState === 'complete' && location.href === " + Json.quote(panel.toString())
                        + " && document.getElementById('create-submit') !== null").asBoolean();
            } catch (DevToolsSession.DevToolsException e) {
                return false; // the old document went away mid-evaluation
            }
        }, ready -> ready);

        // create: fill the form and press the Create button
        String targetUrl = target.uri().toString();
        page.evaluate("""
                (() => {
                  const type = (id, value) => {
                    const input = document.getElementById(id);
                    input.focus();
                    input.value = value;
                    input.dispatchEvent(new Event('input', {bubbles: true}));
                    input.dispatchEvent(new Event('change', {bubbles: true}));
                  };
                  type('create-target', %s);
                  type('create-rate', %s);
                  type('create-seed', %s);
                  type('create-duration', '');
                  document.getElementById('create-submit').click();
                })()""".formatted(Json.quote(targetUrl), Json.quote(Long.toString(RATE)), Json.quote(Long.toString(SEED))));
        long id = await("a row for the new subscription", () -> page.evaluate("""
                (() => {
                  const row = [...document.querySelectorAll('#subscriptions tbody tr')]
                      .find(r => r.querySelector('[data-field="target"]')?.textContent === %s);
                  return row ? Number(row.dataset.id) : null;
                })()""".formatted(Json.quote(targetUrl))), found -> !found.isNull()).asLong();

        PanelRow created = awaitState(id, "CREATED");
        log("created subscription " + id + " from the form");
        assertThat(created.target()).isEqualTo(targetUrl);
        assertThat(created.rate()).isEqualTo(Long.toString(RATE));
        assertThat(created.seed()).isEqualTo(Long.toString(SEED));
        assertThat(created.actions()).containsExactly("start", "close");
        JsonNode view = getSubscription(id);
        assertThat(view.get("target").stringValue()).isEqualTo(targetUrl);
        assertThat(view.get("rate").asLong()).isEqualTo(RATE);
        assertThat(view.get("seed").asLong()).isEqualTo(SEED);

        // start: the count of tags sent moves, on the panel, in the API and at the target
        click(id, "start");
        assertThat(awaitState(id, "RUNNING").actions()).containsExactly("pause", "close");
        long first = awaitPanel(id, "tags sent to grow above 0", row -> row.tagsSent() > 0).tagsSent();
        long second = awaitPanel(id, "tags sent to grow above " + first, row -> row.tagsSent() > first).tagsSent();
        assertThat(api(id).tagsSent()).as("the API has sent at least what the panel showed").isGreaterThanOrEqualTo(second);
        log("running: the panel showed " + first + ", then " + second + " tags sent");

        // pause: the count stops, and stays still over several of the panel's polls
        click(id, "pause");
        assertThat(awaitState(id, "PAUSED").actions()).containsExactly("resume", "close");
        long paused = api(id).tagsSent();
        awaitPanel(id, "the panel to show the paused count " + paused, row -> row.tagsSent() == paused);
        await("the target to receive all " + paused + " tags sent before the pause",
                () -> target.tagsReceived().size(), received -> received == paused);
        // (an observation window, not a readiness wait: it ends after the panel has polled again several times)
        int pollsBefore = panelListPolls.get();
        long observeUntil = System.nanoTime() + DEADLINE.toNanos();
        while (panelListPolls.get() < pollsBefore + PAUSED_POLLS + 1) {
            PanelRow row = panelRow(id);
            assertThat(row.state()).isEqualTo("PAUSED");
            assertThat(row.tagsSent()).as("tags sent on the panel while paused").isEqualTo(paused);
            assertThat(api(id)).as("the API while paused").isEqualTo(new ApiView("PAUSED", paused));
            assertThat(target.tagsReceived()).as("tags the target got while paused").hasSize((int) paused);
            if (System.nanoTime() > observeUntil) {
                fail("timed out after " + DEADLINE + " waiting for the panel to poll " + PAUSED_POLLS
                        + " times while paused; it polled " + (panelListPolls.get() - pollsBefore) + " times");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }

        log("paused at " + paused + " tags sent: unchanged over " + (panelListPolls.get() - pollsBefore)
                + " panel polls (panel, API and target agree)");

        // resume: the count moves again
        click(id, "resume");
        assertThat(awaitState(id, "RUNNING").actions()).containsExactly("pause", "close");
        long resumed = awaitPanel(id, "tags sent to grow above the paused " + paused, row -> row.tagsSent() > paused)
                .tagsSent();
        awaitPanel(id, "tags sent to grow above " + resumed, row -> row.tagsSent() > resumed);
        await("the target to receive tags after the resume", () -> target.tagsReceived().size(), n -> n > paused);
        log("resumed: the panel showed " + resumed + " tags sent, then more");

        // close: final; the panel offers no resume and the API refuses one
        click(id, "close");
        PanelRow closed = awaitState(id, "CLOSED");
        assertThat(closed.actions()).as("buttons of a closed subscription").isEmpty();
        assertThat(closed.details()).isEqualTo("#" + id + " (CLOSED)");
        assertThat(page.evaluate("(() => { const b = document.querySelector("
                + Json.quote("#subscription-" + id + " button[data-action=\"resume\"]")
                + "); return b === null || b.disabled; })()").asBoolean())
                .as("the resume button is gone or disabled").isTrue();
        HttpResponse<String> refused = post("/api/subscriptions/" + id + "/resume");
        assertThat(refused.statusCode()).as("resuming a closed subscription").isEqualTo(409);
        assertThat(Json.MAPPER.readTree(refused.body()).get("detail").stringValue())
                .isEqualTo("cannot resume a closed subscription");
        assertThat(api(id).state()).isEqualTo("CLOSED");
        assertThat(awaitState(id, "CLOSED").error()).isEmpty();
        assertThat(pageErrors).as("uncaught errors in the panel").isEmpty();
        log("closed: no resume button, the API answers resume with 409");
    }

    private void log(String message) {
        System.out.printf("[panel test +%.1f s] %s%n", (System.nanoTime() - startedNanos) / 1e9, message);
    }

    // ---- the panel, read and clicked through the DevTools protocol ----

    private PanelRow panelRow(long id) {
        JsonNode row = page.evaluate("""
                (() => {
                  const row = document.getElementById(%s);
                  if (!row) return null;
                  const field = name => row.querySelector(`[data-field="${name}"]`).textContent;
                  return {
                    state: field('state'), target: field('target'), rate: field('rate'), seed: field('seed'),
                    tagsSent: Number(field('tags-sent')),
                    actions: [...row.querySelectorAll('button[data-action]')].filter(b => !b.disabled)
                        .map(b => b.dataset.action),
                    details: document.getElementById('details').hidden ? ''
                        : document.getElementById('details-id').textContent,
                    error: document.getElementById('error').textContent,
                  };
                })()""".formatted(Json.quote("subscription-" + id)));
        if (row.isNull()) {
            return null;
        }
        List<String> actions = new ArrayList<>();
        row.get("actions").forEach(a -> actions.add(a.stringValue()));
        return new PanelRow(row.get("state").stringValue(), row.get("target").stringValue(), row.get("rate").stringValue(),
                row.get("seed").stringValue(), row.get("tagsSent").asLong(), actions, row.get("details").stringValue(),
                row.get("error").stringValue());
    }

    /** Clicks the row's button for {@code action} once it is there (the panel redraws its rows every second). */
    private void click(long id, String action) {
        String selector = "#subscription-" + id + " button[data-action=\"" + action + "\"]";
        await("the " + action + " button to be clickable", () -> page.evaluate("""
                (() => {
                  const button = document.querySelector(%s);
                  if (!button || button.disabled) return false;
                  button.click();
                  return true;
                })()""".formatted(Json.quote(selector))).asBoolean(), clicked -> clicked);
    }

    /** Waits until the panel shows {@code state} (row and details) and the API says the same. */
    private PanelRow awaitState(long id, String state) {
        PanelRow row = awaitPanel(id, "the panel and the API to show " + state, r -> r.state().equals(state)
                && r.details().equals("#" + id + " (" + state + ")") && api(id).state().equals(state));
        assertThat(row.error()).as("the panel's error line").isEmpty();
        return row;
    }

    private PanelRow awaitPanel(long id, String what, Predicate<PanelRow> condition) {
        return await(what, () -> panelRow(id), row -> row != null && condition.test(row));
    }

    // ---- the server's API ----

    private ApiView api(long id) {
        try {
            JsonNode view = getSubscription(id);
            return new ApiView(view.get("state").stringValue(), view.get("tags").get("sent").asLong());
        } catch (Exception e) {
            throw new IllegalStateException("GET subscription " + id, e);
        }
    }

    private JsonNode getSubscription(long id) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/subscriptions/" + id))
                .timeout(DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /api/subscriptions/" + id).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(DEADLINE)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- waiting ----

    /** Polls {@code probe} until {@code done} holds, failing after {@link #DEADLINE} with the last value seen. */
    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        T last = null;
        while (true) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                fail("timed out after " + DEADLINE + " waiting for " + what + "; last seen: " + last);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }
}
