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

    private final ProfileStore store;
    private final DebugAnswerCheck debugCheck;

    public ProfileController(ProfileStore store, DebugAnswerCheck debugCheck) {
        this.store = store;
        this.debugCheck = debugCheck;
    }

    @PostMapping(PREFIX + "{cookie}")
    public Mono<ResponseEntity<String>> profile(ServerHttpRequest request) {
        ProfileQuery query = ProfileQuery.parse(cookie(request), request.getQueryParams());
        long from = EventTimes.toEpochNanos(query.range().from());
        Mono<List<StoredTag>> views = store.newestSince(query.cookie(), Action.VIEW, from);
        Mono<List<StoredTag>> buys = store.newestSince(query.cookie(), Action.BUY, from);
        return Mono.zip(views, buys, RequestBodies.read(request, MAX_BODY_BYTES)).map(found -> {
            String answer = ProfileAnswer.render(query.cookie(),
                    ProfileAnswer.selectFromNewest(found.getT1(), query.range(), query.limit()),
                    ProfileAnswer.selectFromNewest(found.getT2(), query.range(), query.limit()));
            debugCheck.check("profiles", request.getURI().getRawPath() + "?" + request.getURI().getRawQuery(),
                    answer, found.getT3());
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
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
