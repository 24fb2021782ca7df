package com.allezon.platform.stream;

import java.util.Base64;

/**
 * The world of one seed: names of countries, origins, brands and categories, the products (each with a
 * brand, a category and a price) and the cookies. Some names carry characters that must be URL-encoded
 * (spaces, '&', '+', '/', '%', quotes, non-ASCII), so that the services' decoding is exercised.
 */
public final class Catalog {

    public static final int COOKIES = 1_000_000;
    /** Cookies 0..HOT_COOKIES-1 are hot: they take a fixed share of the traffic, in bursts. */
    public static final int HOT_COOKIES = 16;
    public static final int COUNTRIES = 100;
    public static final int ORIGINS = 1000;
    public static final int BRANDS = 250;
    public static final int CATEGORIES = 67;
    public static final int PRODUCTS = 50_000;
    public static final String[] DEVICES = {"PC", "MOBILE", "TV"};

    private static final String[] SPECIAL_BRANDS = {
        "Nike", "Adidas", "H&M", "Levi's", "Marks & Spencer", "Dolce & Gabbana", "Zażółć Gęślą", "A+B", "C/O Design",
        "50% Off", "Tommy \"TH\" Hilfiger", "Under Armour"};
    private static final String[] SPECIAL_CATEGORIES = {"Home & Garden", "Sport/Outdoor", "Książki", "Toys+Games"};
    private static final String[] SPECIAL_ORIGINS = {"allezon.pl/promo?x=1&y=2", "newsletter #7", "partner/ceneo"};
    private static final long COOKIE_STREAM = 11;
    private static final long PRODUCT_STREAM = 12;

    private final long seed;
    private final String[] countries = new String[COUNTRIES];
    private final String[] origins = new String[ORIGINS];
    private final String[] brands = new String[BRANDS];
    private final String[] categories = new String[CATEGORIES];
    private final int[] productIds = new int[PRODUCTS];
    private final short[] productBrands = new short[PRODUCTS];
    private final byte[] productCategories = new byte[PRODUCTS];
    private final int[] productPrices = new int[PRODUCTS];

    public Catalog(long seed) {
        this.seed = seed;
        for (int i = 0; i < COUNTRIES; i++) {
            countries[i] = "" + (char) ('A' + i / 26) + (char) ('A' + i % 26);
        }
        for (int i = 0; i < ORIGINS; i++) {
            origins[i] = i < SPECIAL_ORIGINS.length ? SPECIAL_ORIGINS[i] : String.format("origin_%04d", i);
        }
        for (int i = 0; i < BRANDS; i++) {
            brands[i] = i < SPECIAL_BRANDS.length ? SPECIAL_BRANDS[i] : String.format("brand_%03d", i);
        }
        for (int i = 0; i < CATEGORIES; i++) {
            categories[i] = i < SPECIAL_CATEGORIES.length ? SPECIAL_CATEGORIES[i] : String.format("category_%02d", i);
        }
        for (int p = 0; p < PRODUCTS; p++) {
            SplitMix64 r = SplitMix64.at(seed, PRODUCT_STREAM, p);
            productIds[p] = 1 + r.nextInt(9_999_999);
            productBrands[p] = (short) r.skewed(BRANDS, 2);
            productCategories[p] = (byte) r.skewed(CATEGORIES, 2);
            // mostly everyday prices, a few near the int32 limit so that 64-bit sums matter
            productPrices[p] = r.chance(0.01) ? 1_000_000_000 + r.nextInt(Integer.MAX_VALUE - 1_000_000_000)
                    : 1 + r.nextInt(r.chance(0.5) ? 10_000 : 1_000_000);
        }
    }

    public long seed() {
        return seed;
    }

    /** A cookie as shops send them: 22 characters of standard base64, so '+' and '/' appear now and then. */
    public String cookie(int cookie) {
        long a = SplitMix64.mix(seed + COOKIE_STREAM * 0x632be59bd9b4e019L + cookie);
        long b = SplitMix64.mix(a ^ 0x2545f4914f6cdd1dL);
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (a >>> (8 * i));
            bytes[8 + i] = (byte) (b >>> (8 * i));
        }
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A cookie no tag ever carries, with characters that test URL decoding and JSON quoting. */
    public String unseenCookie(long n) {
        return "ghost \"" + n + "\"/ż+%" + cookie((int) Math.floorMod(n, COOKIES)).substring(0, 8);
    }

    public String country(int i) {
        return countries[i];
    }

    public String origin(int i) {
        return origins[i];
    }

    public String brand(int i) {
        return brands[i];
    }

    public String category(int i) {
        return categories[i];
    }

    public int productId(int product) {
        return productIds[product];
    }

    public int productBrand(int product) {
        return productBrands[product];
    }

    public int productCategory(int product) {
        return productCategories[product] & 0xff;
    }

    public int productPrice(int product) {
        return productPrices[product];
    }
}
