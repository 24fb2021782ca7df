package com.allezon.platform.stream;

import java.time.Instant;

import com.allezon.model.Action;
import com.allezon.model.EventTimes;
import com.allezon.model.Json;

/**
 * Tag number {@code index} of a seed's stream, as small numbers; its strings and JSON are derived on demand
 * from the {@link Catalog}. Its event time is {@link TagGenerator#START} plus {@code index} milliseconds.
 */
public record GeneratedTag(Catalog catalog, long index, int cookie, Action action, int country, int device,
                           int origin, int product) {

    public Instant time() {
        return TagGenerator.START.plusMillis(index);
    }

    public long epochNanos() {
        return EventTimes.toEpochNanos(time());
    }

    public long epochMinute() {
        return TagGenerator.START_MINUTE + index / 60_000;
    }

    public String cookieString() {
        return catalog.cookie(cookie);
    }

    public String originName() {
        return catalog.origin(origin);
    }

    public String brandName() {
        return catalog.brand(catalog.productBrand(product));
    }

    public String categoryName() {
        return catalog.category(catalog.productCategory(product));
    }

    public int price() {
        return catalog.productPrice(product);
    }

    /** The tag's JSON, compact, in the field order of the API documentation. */
    public String json() {
        return new StringBuilder(256)
                .append("{\"time\":\"").append(EventTimes.formatTagTime(time()))
                .append("\",\"cookie\":").append(Json.quote(cookieString()))
                .append(",\"country\":\"").append(catalog.country(country))
                .append("\",\"device\":\"").append(Catalog.DEVICES[device])
                .append("\",\"action\":\"").append(action.name())
                .append("\",\"origin\":").append(Json.quote(originName()))
                .append(",\"product_info\":{\"product_id\":").append(catalog.productId(product))
                .append(",\"brand_id\":").append(Json.quote(brandName()))
                .append(",\"category_id\":").append(Json.quote(categoryName()))
                .append(",\"price\":").append(price())
                .append("}}").toString();
    }
}
