package com.allezon.platform.load;

import java.util.List;

/** One wrong answer, kept for the report: which request, what came back, and where it differs. */
public record Mismatch(String kind, String path, int status, List<String> diff) {
}
