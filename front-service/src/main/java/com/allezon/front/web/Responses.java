package com.allezon.front.web;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.allezon.model.InvalidRequestException;
import com.allezon.web.ProblemJson;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** Reading bodies and writing answers on the public routes, which run below Spring's web layer. */
final class Responses {

    private static final Logger log = LoggerFactory.getLogger(Responses.class);
    private static final byte[] EMPTY = new byte[0];

    private Responses() {
    }

    /** A body over the size limit: answered 413. */
    static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException(String message) {
            super(message, null, false, false);
        }
    }

    /** The request's path as sent (still percent-encoded), without the query. */
    static String rawPath(HttpServerRequest request) {
        String uri = request.uri();
        return uri.substring(0, pathEnd(uri));
    }

    /** Where the path of a request target ends: at its query or fragment, or at its end. */
    static int pathEnd(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return uri.length();
    }

    /** The whole body, an empty array when there is none; over {@code maxBytes}, a {@link BodyTooLargeException}. */
    static Mono<byte[]> body(HttpServerRequest request, int maxBytes) {
        String declared = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length > maxBytes) {
                return Mono.error(new BodyTooLargeException(
                        "Body of " + length + " bytes is over the limit of " + maxBytes + " bytes"));
            }
            if (length == 0) {
                return Mono.just(EMPTY);
            }
        }
        return request.receive()
                .collect(() -> new BoundedBuffer(maxBytes), (buffer, chunk) -> buffer.append(chunk))
                .map(BoundedBuffer::bytes);
    }

    private static final class BoundedBuffer {
        private final int maxBytes;
        private byte[] bytes = EMPTY;
        private int length;

        BoundedBuffer(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        void append(ByteBuf chunk) {
            int more = chunk.readableBytes();
            if ((long) length + more > maxBytes) {
                throw new BodyTooLargeException("Body is over the limit of " + maxBytes + " bytes");
            }
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + more, Math.min(maxBytes, 2 * bytes.length)));
            }
            chunk.getBytes(chunk.readerIndex(), bytes, length, more);
            length += more;
        }

        byte[] bytes() {
            return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        }
    }

    static Mono<Void> send(HttpServerResponse response, int status, String contentType, byte[] body) {
        response.status(status);
        if (contentType != null) {
            response.header(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (body.length == 0) {
            return response.send().then();
        }
        response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
        return response.sendByteArray(Mono.just(body)).then();
    }

    static Mono<Void> noContent(HttpServerResponse response) {
        return send(response, 204, null, EMPTY);
    }

    static Mono<Void> problem(HttpServerResponse response, int status, String title, String detail, String instance) {
        return send(response, status, ProblemJson.CONTENT_TYPE, ProblemJson.of(status, title, detail, instance));
    }

    /**
     * The answer to a request that failed before it had one: 400 naming the field, 413 for a body too large,
     * nothing for a client that went away, 500 with a logged id for anything unexpected.
     */
    static Mono<Void> failure(Throwable error, HttpServerRequest request, HttpServerResponse response) {
        String path = rawPath(request);
        if (error instanceof InvalidRequestException invalid) {
            return send(response, 400, ProblemJson.CONTENT_TYPE, ProblemJson.invalid(invalid, path));
        }
        if (error instanceof BodyTooLargeException) {
            return problem(response, 413, "Body too large", error.getMessage(), path);
        }
        if (error instanceof AbortedException) {
            log.debug("Client went away before the answer was written: {}", error.getMessage());
            return Mono.empty();
        }
        String id = UUID.randomUUID().toString();
        log.error("Unexpected error {}", id, error);
        return send(response, 500, ProblemJson.CONTENT_TYPE, ProblemJson.of(500, "Internal error",
                "Unexpected error, id " + id, path, null, Map.of("errorId", id)));
    }
}
