package com.allezon.platform.control;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.allezon.model.Json;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A minimal Chrome DevTools Protocol client on the JDK's WebSocket: commands with ids matched to their
 * answers, events handed to listeners. {@link #openPage()} creates a page target and attaches to it in
 * flattened mode, so the page's commands go over the same socket with its {@code sessionId}.
 */
final class DevToolsSession implements AutoCloseable {

    /** A command the browser answered with an error, or a script that threw. */
    static final class DevToolsException extends RuntimeException {
        DevToolsException(String message) {
            super(message);
        }
    }

    private final Duration commandTimeout;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonNode>> eventListeners = new CopyOnWriteArrayList<>();

    private DevToolsSession(URI browserUrl, Duration commandTimeout) throws Exception {
        this.commandTimeout = commandTimeout;
        this.socket = HttpClient.newBuilder().connectTimeout(commandTimeout).build()
                .newWebSocketBuilder()
                .connectTimeout(commandTimeout)
                .buildAsync(browserUrl, new Listener())
                .get(commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    static DevToolsSession connect(URI browserUrl, Duration commandTimeout) throws Exception {
        return new DevToolsSession(browserUrl, commandTimeout);
    }

    /** Called with every event ({@code method}, {@code params}, {@code sessionId}) the browser sends. */
    void onEvent(Consumer<JsonNode> listener) {
        eventListeners.add(listener);
    }

    /** Sends a command and waits for its result; {@code sessionId} null for the browser itself. */
    JsonNode call(String sessionId, String method, Map<String, Object> params) {
        long id = ids.incrementAndGet();
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", Json.MAPPER.valueToTree(params));
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (socket) { // one outstanding send at a time
                socket.sendText(Json.MAPPER.writeValueAsString(message), true)
                        .get(commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            JsonNode response = answer.get(commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
            if (response.has("error")) {
                throw new DevToolsException(method + " failed: " + response.get("error"));
            }
            return response.get("result");
        } catch (TimeoutException e) {
            throw new DevToolsException(method + " not answered within " + commandTimeout);
        } catch (ExecutionException e) {
            throw new DevToolsException(method + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevToolsException(method + " interrupted");
        } finally {
            pending.remove(id);
        }
    }

    /** A new page target (about:blank) attached in flattened mode. */
    Page openPage() {
        String targetId = call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").stringValue();
        String sessionId = call(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true))
                .get("sessionId").stringValue();
        return new Page(sessionId);
    }

    /** One attached page. */
    final class Page {
        private final String sessionId;

        private Page(String sessionId) {
            this.sessionId = sessionId;
        }

        String sessionId() {
            return sessionId;
        }

        JsonNode call(String method, Map<String, Object> params) {
            return DevToolsSession.this.call(sessionId, method, params);
        }

        void navigate(URI url) {
            JsonNode result = call("Page.navigate", Map.of("url", url.toString()));
            if (result.has("errorText")) {
                throw new DevToolsException("navigating to " + url + " failed: " + result.get("errorText").stringValue());
            }
        }

        /**
         * Evaluates a JavaScript expression in the page (awaiting a promise) and returns its value as JSON
         * (a missing value, e.g. {@code undefined}, as JSON null).
         */
        JsonNode evaluate(String expression) {
            JsonNode result = call("Runtime.evaluate", Map.of(
                    "expression", expression, "returnByValue", true, "awaitPromise", true));
            if (result.has("exceptionDetails")) {
                JsonNode details = result.get("exceptionDetails");
                JsonNode exception = details.path("exception").path("description");
                throw new DevToolsException("script threw: "
                        + (exception.isMissingNode() ? details.path("text").asString() : exception.asString()));
            }
            JsonNode value = result.path("result").get("value");
            return value == null ? Json.MAPPER.nullNode() : value;
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser is killed right after anyway
        }
        socket.abort();
        pending.values().forEach(f -> f.completeExceptionally(new DevToolsException("session closed")));
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                dispatch(Json.MAPPER.readTree(message));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failAll("the browser closed the DevTools socket (" + statusCode + " " + reason + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failAll("DevTools socket failed: " + error);
        }

        private void dispatch(JsonNode message) {
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = pending.get(message.get("id").asLong());
                if (answer != null) {
                    answer.complete(message);
                }
            } else if (message.has("method")) {
                for (Consumer<JsonNode> listener : eventListeners) {
                    try {
                        listener.accept(message);
                    } catch (RuntimeException e) {
                        // a listener's bug must not stop the socket; the test sees what the listener missed
                    }
                }
            }
        }

        private void failAll(String why) {
            pending.values().forEach(f -> f.completeExceptionally(new DevToolsException(why)));
        }
    }
}
