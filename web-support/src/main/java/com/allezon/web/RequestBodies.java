package com.allezon.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;

import reactor.core.publisher.Mono;

/** Reads a whole request body with a size limit; over it, the error maps to 413 in {@link ProblemAdvice}. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** The body's bytes, or an empty array when there is none. */
    public static Mono<byte[]> read(ServerHttpRequest request, int maxBytes) {
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBytes) {
            return Mono.error(new org.springframework.core.io.buffer.DataBufferLimitException(
                    "Body of " + declared + " bytes is over the limit of " + maxBytes + " bytes"));
        }
        return DataBufferUtils.join(request.getBody(), maxBytes)
                .map(RequestBodies::drain)
                .defaultIfEmpty(new byte[0]);
    }

    private static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
