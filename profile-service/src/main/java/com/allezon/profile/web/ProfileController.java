package com.allezon.profile.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

import com.allezon.model.Action;
import com.allezon.model.EventTimes;
import com.allezon.model.InvalidRequestException;
import com.allezon.model.ProfileAnswer;
import com.allezon.model.ProfileAnswer.StoredTag;
import com.allezon.model.ProfileQuery;
import com.allezon.profile.storage.ProfileStore;
import com.allezon.web.DebugAnswerCheck;
import com.allezon.web.RequestBodies;

import reactor.core.publisher.Mono;

/** {@code POST /user_profiles/{cookie}?time_range=..&limit=..}: the newest tags of a shopper. */
@RestController
public class ProfileController {

    static final String PREFIX = "/user_profiles/";
    /** Debug-mode bodies carry a whole expected profile: 400 tags fit many times over. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    /** Rows newer than a range's end that a first read allows for (a shopper's last seconds of tags). */
    static final int NEWER_ALLOWANCE = 32;

    private final ProfileStore store;
    private final DebugAnswerCheck debugCheck;

    public ProfileController(ProfileStore store, DebugAnswerCheck debugCheck) {
        this.store = store;
        this.debugCheck = debugCheck;
    }

    @PostMapping(PREFIX + "{cookie}")
    public Mono<ResponseEntity<String>> profile(ServerHttpRequest request) {
        ProfileQuery query = ProfileQuery.parse(cookie(request), request.getQueryParams());
        return Mono.zip(answer(store, query), RequestBodies.read(request, MAX_BODY_BYTES)).map(found -> {
            String answer = found.getT1();
            debugCheck.check("profiles", request.getURI().getRawPath() + "?" + request.getURI().getRawQuery(),
                    answer, found.getT2());
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
        });
    }

    /** The answer's JSON for a query, read from {@code store}. */
    public static Mono<String> answer(ProfileStore store, ProfileQuery query) {
        return Mono.zip(select(store, query, Action.VIEW), select(store, query, Action.BUY),
                (views, buys) -> ProfileAnswer.render(query.cookie(), views, buys));
    }

    /**
     * The answer's tags of one action. Reads only as many rows as a small limit can need: the newest
     * {@code limit + NEWER_ALLOWANCE} from the range start (rows newer than the range end come first and are
     * skipped). Those are the true newest rows, so their ranks are exact; only when the range's rows did not
     * fill the limit and more rows exist is a second read of all {@code MAX_TAGS} needed.
     */
    private static Mono<List<StoredTag>> select(ProfileStore store, ProfileQuery query, Action action) {
        if (query.limit() == 0) {
            return Mono.just(List.of());
        }
        long from = EventTimes.toEpochNanos(query.range().from());
        int first = (int) Math.min(ProfileQuery.MAX_TAGS, (long) query.limit() + NEWER_ALLOWANCE);
        return store.newestSince(query.cookie(), action, from, first).flatMap(rows -> {
            List<StoredTag> answer = ProfileAnswer.selectFromNewest(rows, query.range(), query.limit());
            boolean decided = rows.size() < first || first == ProfileQuery.MAX_TAGS || answer.size() == query.limit();
            return decided ? Mono.just(answer)
                    : store.newestSince(query.cookie(), action, from, ProfileQuery.MAX_TAGS)
                    .map(all -> ProfileAnswer.selectFromNewest(all, query.range(), query.limit()));
        });
    }

    /**
     * The cookie is the rest of the raw path, percent-decoded here rather than taken from the matched
     * variable: path matching drops {@code ;params} from a segment, and a cookie may contain {@code ;}.
     * {@code %2F} decodes to {@code /}, and {@code +} stays {@code +} (it means space only in forms).
     */
    static String cookie(ServerHttpRequest request) {
        String rawPath = request.getPath().pathWithinApplication().value();
        String raw = rawPath.substring(rawPath.indexOf(PREFIX) + PREFIX.length());
        try {
            return UriUtils.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("cookie", "cookie is not a valid percent-encoded path segment");
        }
    }
}
