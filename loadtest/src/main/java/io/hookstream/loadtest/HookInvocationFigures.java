package io.hookstream.loadtest;

import java.util.List;

/**
 * What the tool's HTTP server saw of the measured pass's hooks, by hook id (the http action posts it): whether an
 * action was started more than once, and whether a copy was started while an earlier one was still running.
 *
 * @param hooksInvoked        hooks whose action was started at least once
 * @param startedTwice        hooks whose action was started more than once (after a crash this is expected)
 * @param overlapping         hooks whose action was started again while an earlier copy was still running (its
 *                            request not answered and its connection open): never expected
 * @param extraInvocations    invocations beyond the first per hook
 * @param stillRunning        invocations not finished when the figures were taken (request unanswered, connection
 *                            open)
 * @param unidentified        requests that named no hook
 * @param overlappingExamples a few of the overlapping hook ids (sorted), to look up in the worker logs
 */
public record HookInvocationFigures(
        long hooksInvoked,
        long startedTwice,
        long overlapping,
        long extraInvocations,
        long stillRunning,
        long unidentified,
        List<String> overlappingExamples) {

    public HookInvocationFigures {
        overlappingExamples = overlappingExamples == null ? List.of() : List.copyOf(overlappingExamples);
    }
}
