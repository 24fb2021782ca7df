package com.allezon.platform.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.allezon.platform.load.LoadRun;

/**
 * The subscription API. Every answer about a subscription is its view: id, target, rate, seed, state and
 * the live report (plus the chart samples when asked for one subscription).
 */
@RestController
@RequestMapping("/api/subscriptions")
public class SubscriptionController {

    private final SubscriptionRegistry registry;

    public SubscriptionController(SubscriptionRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    public List<Map<String, Object>> list() {
        return registry.ids().stream().map(id -> view(id, false)).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, Object> create(@RequestBody SubscriptionRequest request) {
        return view(registry.create(request), false);
    }

    @GetMapping("/{id}")
    public Map<String, Object> get(@PathVariable long id) {
        return view(id, true);
    }

    @PostMapping("/{id}/start")
    public Map<String, Object> start(@PathVariable long id) {
        registry.get(id).start();
        return view(id, false);
    }

    @PostMapping("/{id}/pause")
    public Map<String, Object> pause(@PathVariable long id) {
        registry.get(id).pause();
        return view(id, false);
    }

    @PostMapping("/{id}/resume")
    public Map<String, Object> resume(@PathVariable long id) {
        registry.get(id).resume();
        return view(id, false);
    }

    @PostMapping("/{id}/close")
    public Map<String, Object> close(@PathVariable long id) {
        registry.get(id).close();
        return view(id, false);
    }

    private Map<String, Object> view(long id, boolean withSamples) {
        LoadRun run = registry.get(id);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.putAll(run.report());
        if (withSamples) {
            view.put("samples", run.samples());
        }
        return view;
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail conflict(IllegalStateException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound(NoSuchElementException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
