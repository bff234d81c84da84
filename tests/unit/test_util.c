/*
 * test_util.c -- JSON text, message cleaning, SHA-256 and arenas.
 * SHA-256 vectors are FIPS 180-4's examples and Python's hashlib.
 */
#include <math.h>

#include "unit.h"

#include "ay_base.h"

/* s's n bytes are copied to a block of exactly n, so that a scan that
 * read past them fails under ASan and valgrind. */
static char *json_of(const char *s, size_t n)
{
    static char out[256];
    ay_buf b = {0};
    char *exact = malloc(n ? n : 1);
    assert_non_null(exact);
    memcpy(exact, s, n);
    ay_json_string(&b, exact, n);
    free(exact);
    snprintf(out, sizeof out, "%.*s", (int)b.n, b.p);
    ay_buf_free(&b);
    return out;
}

static void test_util_json_string_escapes(void **state)
{
    (void)state;
    assert_string_equal(json_of("plain", 5), "\"plain\"");
    assert_string_equal(json_of("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
    assert_string_equal(json_of("l1\nl2\t\r", 7), "\"l1\\nl2\\t\\r\"");
    assert_string_equal(json_of("\x01\x1f", 2), "\"\\u0001\\u001f\"");
    /* an embedded NUL is data, not the end */
    assert_string_equal(json_of("a\0b", 3), "\"a\\u0000b\"");
    /* ESC and DEL, and the C1 controls U+0080-U+009F (C2 80 - C2 9F in
     * UTF-8; U+009B is a CSI to some terminals) are escaped too, so that
     * a report printed raw cannot drive a terminal; U+00A0 is text */
    assert_string_equal(json_of("\x1b[2J\x7f", 5), "\"\\u001b[2J\\u007f\"");
    assert_string_equal(json_of("\xc2\x9b" "2J\xc2\x80\xc2\x9f\xc2\xa0", 10),
                        "\"\\u009b2J\\u0080\\u009f\xc2\xa0\"");
}

static void test_util_json_string_utf8(void **state)
{
    (void)state;
    /* valid multi-byte text passes through unchanged */
    assert_string_equal(json_of("Cear\xc3\xa1", 6), "\"Cear\xc3\xa1\"");
    assert_string_equal(json_of("\xe2\x80\x98x\xe2\x80\x99", 7),
                        "\"\xe2\x80\x98x\xe2\x80\x99\"");
    /* invalid bytes, overlong forms, surrogates and truncation: U+FFFD */
    assert_string_equal(json_of("a\xff" "b", 3), "\"a\\ufffdb\"");
    assert_string_equal(json_of("\xc0\xaf", 2), "\"\\ufffd\\ufffd\"");
    assert_string_equal(json_of("\xed\xa0\x80", 3),
                        "\"\\ufffd\\ufffd\\ufffd\"");
    assert_string_equal(json_of("\xe2\x80", 2), "\"\\ufffd\\ufffd\"");
}

/* Every byte value at every place of strings of lengths around the
 * scan's blocks of 8 and 16 bytes, the rest plain: the block scan must
 * stop exactly where a byte-at-a-time one would, also in a last block
 * that overlaps bytes already written. A lone byte of 0x80 or more is not
 * UTF-8 (U+FFFD). */
static void test_util_json_string_each_byte_each_place(void **state)
{
    (void)state;
    static const int LENS[] = {1, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 40};
    for (size_t k = 0; k < sizeof LENS / sizeof *LENS; k++)
        for (unsigned c = 1; c < 256; c++)
            for (int at = 0; at < LENS[k]; at++) {
                int len = LENS[k];
                char s[40], want[96], esc[16];
                memset(s, 'a', sizeof s);
                s[at] = (char)c;
                if (c == '"' || c == '\\')
                    snprintf(esc, sizeof esc, "\\%c", c);
                else if (c == '\n' || c == '\t' || c == '\r')
                    snprintf(esc, sizeof esc, "\\%c",
                             c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
                else if (c < 0x20 || c == 0x7F)
                    snprintf(esc, sizeof esc, "\\u%04x", c);
                else if (c >= 0x80)
                    snprintf(esc, sizeof esc, "\\ufffd");
                else
                    snprintf(esc, sizeof esc, "%c", c);
                snprintf(want, sizeof want, "\"%.*s%s%.*s\"", at, s, esc,
                         len - 1 - at, s + at + 1);
                assert_string_equal(json_of(s, (size_t)len), want);
            }
}

/* Two bytes to escape in one string, at every pair of places: the scan
 * after the first must find the second, whichever block each is in. */
static void test_util_json_string_two_escapes(void **state)
{
    (void)state;
    for (int len = 2; len <= 40; len++)
        for (int a = 0; a < len; a++)
            for (int b = a + 1; b < len; b++) {
                char s[40], want[96];
                memset(s, 'x', sizeof s);
                s[a] = '"';
                s[b] = '\\';
                snprintf(want, sizeof want, "\"%.*s\\\"%.*s\\\\%.*s\"", a, s,
                         b - a - 1, s + a + 1, len - 1 - b, s + b + 1);
                assert_string_equal(json_of(s, (size_t)len), want);
            }
}

static char *num_of(double d)
{
    static char out[64];
    ay_buf b = {0};
    ay_json_number(&b, d);
    snprintf(out, sizeof out, "%.*s", (int)b.n, b.p);
    ay_buf_free(&b);
    return out;
}

static void test_util_json_number_shortest(void **state)
{
    (void)state;
    assert_string_equal(num_of(0), "0");
    assert_string_equal(num_of(1), "1");
    assert_string_equal(num_of(0.75), "0.75");
    assert_string_equal(num_of(0.9375), "0.9375");
    assert_string_equal(num_of(-2.5), "-2.5");
    /* 0.1 + 0.2 is not 0.3: 17 digits are needed to read it back */
    assert_string_equal(num_of(0.1 + 0.2), "0.30000000000000004");
    assert_string_equal(num_of(1.0 / 3), "0.3333333333333333"); /* Python's repr */
    assert_string_equal(num_of(1e300), "1e+300");
    /* JSON has no NaN or infinity */
    assert_string_equal(num_of(NAN), "null");
    assert_string_equal(num_of(INFINITY), "null");
}

/* The reference: the fewest of 15, 16 or 17 significant digits that
 * read back to d, as printf and strtod give them. */
static const char *num_ref(double d)
{
    static char tmp[64];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d)
            break;
    }
    return tmp;
}

/* Numbers printed again come from the thread's cache of the last ones:
 * the same text as the reference, whichever was printed in between
 * (the cache has 256 places: 4,096 values share them). */
static void test_util_json_number_cache_agrees(void **state)
{
    (void)state;
    for (int round = 0; round < 3; round++)
        for (int i = 1; i <= 4096; i++) {
            double d = (i % 2 ? 1.0 : -1.0) / (i + 6); /* not short */
            char want[64];
            snprintf(want, sizeof want, "%s", num_ref(d));
            assert_string_equal(num_of(d), want);
        }
}

/* The fast path for short decimals must print what the reference prints:
 * every short decimal around the edges of its range, and random doubles. */
static void test_util_json_number_fast_path_agrees(void **state)
{
    (void)state;
    static const double edge[] = {
        1e-4, 9.9999e-5, 0.00015, 1e-3, 0.1, 0.35, 0.175, 123456.789012,
        999999999999999, 1e15, 1e15 - 1, 99999999999999.9, 4503599627370496,
        0.0001234567, 70, -70, -0.5, 2.5e-5, 1234567.1234567};
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
        char want[64];
        snprintf(want, sizeof want, "%s", num_ref(edge[i]));
        assert_string_equal(num_of(edge[i]), want);
    }
    unsigned long long x = 88172645463325252ull;   /* xorshift64 */
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double d;
        if (i % 2) {        /* a short decimal: m / 10^k */
            static const double P10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7};
            d = (double)(long long)(x % 2000000000000ull) / P10[x >> 61];
        } else {            /* any finite double */
            memcpy(&d, &x, sizeof d);
            if (!isfinite(d) || d == 0)
                continue;
        }
        char want[64];
        snprintf(want, sizeof want, "%s", num_ref(d));
        if (strcmp(num_of(d), want))
            fail_msg("%.17g: got %s, want %s", d, num_of(d), want);
    }
}

static void test_util_clean_message(void **state)
{
    (void)state;
    ay_arena a = {0};
    assert_string_equal(ay_clean_message(&a, "a\nb\tc\x1b[31m", 10, 100),
                        "a\\nb\\tc\\x1B[31m");
    /* cut at the limit, never in the middle of a UTF-8 sequence */
    const char *s = "ab\xc3\xa1\xc3\xa1";
    assert_string_equal(ay_clean_message(&a, s, strlen(s), 3), "ab...");
    assert_string_equal(ay_clean_message(&a, s, strlen(s), 4), "ab\xc3\xa1...");
    assert_string_equal(ay_clean_message(&a, "short", 5, 100), "short");
    /* DEL; a C1 control (CSI, U+009B) shown byte by byte; invalid UTF-8
     * (a lone 0xFF, a truncated sequence, an overlong '/', a surrogate)
     * byte by byte; valid text, U+00A0 included, as it is */
    s = "\x7f\xc2\x9b" "2J \xff \xe2\x80 \xc0\xaf \xed\xa0\x80 \xc2\xa0\xc3\xa1";
    assert_string_equal(ay_clean_message(&a, s, strlen(s), 100),
                        "\\x7F\\xC2\\x9B2J \\xFF \\xE2\\x80 \\xC0\\xAF "
                        "\\xED\\xA0\\x80 \xc2\xa0\xc3\xa1");
    /* an escape is never cut in two: 4 bytes of room hold one \xNN */
    assert_string_equal(ay_clean_message(&a, "\x1b\x1b", 2, 6), "\\x1B...");
    ay_arena_free(&a);
}

static void test_util_sha256_vectors(void **state)
{
    (void)state;
    static const struct {
        size_t repeat;
        const char *text, *hex;
    } v[] = {
        {1, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {1, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {1, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        /* the padding edges: 55, 56 and 64 bytes, and two blocks less one */
        {55, "a", "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "a", "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {64, "a", "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {119, "a", "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
        {1000000, "a", "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        ay_buf b = {0};
        for (size_t k = 0; k < v[i].repeat; k++)
            ay_buf_puts(&b, v[i].text);
        char hex[65];
        ay_sha256_hex(b.p ? b.p : "", b.n, hex);
        assert_string_equal(hex, v[i].hex);
        ay_buf_free(&b);
    }
}

static void test_util_arena_zeroed_and_reset(void **state)
{
    (void)state;
    ay_arena a = {0};
    unsigned char *p = ay_arena_alloc(&a, 100);
    assert_non_null(p);
    for (int i = 0; i < 100; i++)
        assert_int_equal(p[i], 0);
    memset(p, 0xAB, 100);
    /* a block larger than the ordinary size is released by reset */
    void *big = ay_arena_alloc(&a, 1 << 20);
    assert_non_null(big);
    ay_arena_reset(&a);
    unsigned char *q = ay_arena_alloc(&a, 100);
    for (int i = 0; i < 100; i++)
        assert_int_equal(q[i], 0);
    assert_string_equal(ay_arena_strndup(&a, "abcdef", 3), "abc");
    ay_arena_free(&a);
}

/* A reset keeps blocks of the ordinary size, up to 32, and hands them out
 * again before asking malloc; a larger block is not kept. */
static void test_util_arena_reset_keeps_blocks(void **state)
{
    (void)state;
    ay_arena a = {0};
    void *first[40];
    for (int i = 0; i < 40; i++) /* each one block of its own */
        assert_non_null(first[i] = ay_arena_alloc_raw(&a, 60000));
    assert_non_null(ay_arena_alloc_raw(&a, 1 << 20));
    ay_arena_reset(&a);
    assert_int_equal(a.nspare, 32);
    /* the next 32 blocks are kept ones, and zeroed where asked */
    for (int i = 0; i < 32; i++) {
        unsigned char *p = ay_arena_alloc(&a, 60000);
        int kept = 0;
        for (int k = 0; k < 40; k++)
            kept |= p == first[k];
        assert_true(kept);
        assert_int_equal(p[0] | p[59999], 0);
    }
    assert_int_equal(a.nspare, 0);
    ay_arena_free(&a);
    assert_int_equal(a.nspare, 0);
    assert_null(a.head);
}

/* A buffer over the caller's memory keeps the first cap - 1 bytes and
 * counts the rest, through each way of adding: the lengths are those of
 * the text written out in full (5 + 1 + 5 + 300 = 311). */
static void test_util_buf_over_counts_what_does_not_fit(void **state)
{
    (void)state;
    char long_text[301];
    memset(long_text, 'z', 300);
    long_text[300] = 0;
    for (size_t cap = 0; cap <= 320; cap++) {
        char mem[321];
        memset(mem, '#', sizeof mem);
        ay_buf b = ay_buf_over(cap ? mem : NULL, cap);
        ay_buf_puts(&b, "hello");
        ay_buf_putc(&b, ' ');
        ay_buf_printf(&b, "%d", 12345);
        ay_buf_printf(&b, "%s", long_text); /* longer than printf's scratch */
        assert_int_equal(b.n + b.lost, 311);
        assert_int_equal(b.n, cap ? (cap - 1 < 311 ? cap - 1 : 311) : 0);
        assert_false(b.oom);
        if (!cap)
            continue;
        mem[b.n] = 0;
        char want[321];
        snprintf(want, cap, "hello 12345%s", long_text);
        assert_string_equal(mem, want);
        assert_int_equal(mem[cap], '#'); /* nothing past the room */
    }
}

/* Where calls and the items of a list stand in a script's text: worked
 * out by counting the columns of the text below. */
static void test_util_constructor_items_and_call_column(void **state)
{
    (void)state;
    static const char text[] =
        "local x = 1 -- criterion { in a comment }\n"          /* 1 */
        "  criterion {\n"                                      /* 2 */
        "  id = 'a', bands = { { 'hi', at_least = 0.5 },\n"    /* 3 */
        "    -- { 'commented', at_least = 1 },\n"              /* 4 */
        "    [2] = { 'keyed' }, n = { 'named' }, { \"}\", f({1, 2}) },\n"
        "    LOW },\n"                                         /* 6 */
        "  evaluate = function(p) return { bands = 1 } end }\n" /* 7 */
        "weighting({ verdicts = shared })\n";                  /* 8 */
    size_t len = strlen(text);
    /* the call, not the word in a comment; 0 on a line without it */
    assert_int_equal(ay_call_column(text, len, 1, "criterion"), 0);
    assert_int_equal(ay_call_column(text, len, 2, "criterion"), 3);
    assert_int_equal(ay_call_column(text, len, 8, "weighting"), 1);
    assert_int_equal(ay_call_column(text, len, 3, "criterion"), 0);

    ay_srckey key, item[8];
    /* positional items only: not [2] = or n =, nor a comment; a string
     * holding a brace and a call inside an item do not end it */
    int n = ay_constructor_items(text, len, 2, "criterion", "bands", &key,
                                 item, 8);
    assert_int_equal(n, 3);
    assert_int_equal(key.line, 3);
    assert_int_equal(key.col, 13);
    assert_int_equal(item[0].line, 3);
    assert_int_equal(item[0].col, 23);
    assert_int_equal(item[1].line, 5);
    assert_int_equal(item[1].col, 41);
    assert_int_equal(item[2].line, 6);
    assert_int_equal(item[2].col, 5);
    /* counted past max, filled up to it */
    assert_int_equal(ay_constructor_items(text, len, 2, "criterion", "bands",
                                          &key, item, 1), 3);
    /* a key whose value is not a constructor: its position, no items */
    assert_int_equal(ay_constructor_items(text, len, 8, "weighting",
                                          "verdicts", &key, item, 8), 0);
    assert_int_equal(key.line, 8);
    assert_int_equal(key.col, 13);
    /* no such key, or no such call: key.line 0 */
    assert_int_equal(ay_constructor_items(text, len, 2, "criterion",
                                          "verdicts", &key, item, 8), 0);
    assert_int_equal(key.line, 0);
    assert_int_equal(ay_constructor_items(text, len, 7, "criterion",
                                          "bands", &key, item, 8), 0);
    assert_int_equal(key.line, 0);
}

/* The first short string literal with the text, not in a comment, a long
 * string, a name or an escaped string: positions counted by hand. */
static void test_util_find_literal(void **state)
{
    (void)state;
    static const char text[] =
        "-- p:value('CAP1') in a comment\n"                /* 1 */
        "local s = [[ 'CAP1' ]] .. CAP1 .. 'CAP1x'\n"      /* 2 */
        "local t = \"CAP\\49\" .. 'C\\AP1'\n"            /* 3 */
        "return p:value(\"CAP1\"), p:value('CAP1')\n";     /* 4 */
    size_t len = strlen(text);
    int line = 0, col = 0;
    assert_int_equal(ay_find_literal(text, len, "CAP1", &line, &col), 1);
    assert_int_equal(line, 4);
    assert_int_equal(col, 16);
    assert_int_equal(ay_find_literal(text, len, "CAP1x", &line, &col), 1);
    assert_int_equal(line, 2);
    assert_int_equal(col, 35);
    /* escapes are not decoded, and a text with a backslash never matches */
    assert_int_equal(ay_find_literal(text, len, "C\\AP1", &line, &col), 0);
    assert_int_equal(ay_find_literal(text, len, "CAP2", &line, &col), 0);
}

static int dist(const char *typed, const char *cand)
{
    return ay_name_distance(typed, strlen(typed), cand, strlen(cand));
}

static void test_util_name_distance(void **state)
{
    (void)state;
    assert_int_equal(dist("valu", "value"), 1);           /* a letter short */
    assert_int_equal(dist("vlaue", "value"), 1);          /* two swapped */
    assert_int_equal(dist("succes-features", "success-features"), 1);
    assert_int_equal(dist("dem1", "DEM1"), 0);            /* case ignored */
    assert_int_equal(dist("F1", "F10"), 1);
    /* a third of the name may be wrong: 2 of "abcdef" but not 3 */
    assert_int_equal(dist("abcdef", "abxdyf"), 2);
    assert_int_equal(dist("abcdef", "xbcxex"), -1);
    /* a part of the name: one past the allowance (5 / 3 = 1, 14 / 3 = 4),
     * whatever the lengths, so that all parts are as near */
    assert_int_equal(dist("kenya", "kenya_fit"), 2);
    assert_int_equal(dist("kenya", "kenya_fit_programme"), 2);
    assert_int_equal(dist("kenya_fit_2020", "kenya_fit"), 5);
    assert_int_equal(dist("ke", "kenya_fit"), -1);        /* too short a part */
    assert_int_equal(dist("valu", "has"), -1);
    assert_int_equal(dist("x", "id"), -1);
    assert_int_equal(ay_name_distance("", 0, "id", 2), -1);
    /* past 128 bytes only containment counts (200 / 3 = 66, plus 1) */
    char longer[201], part[151];
    memset(longer, 'a', 200);
    longer[200] = 0;
    memcpy(part, longer, 150);
    part[150] = 0;
    assert_int_equal(dist(longer, part), 67);
    assert_int_equal(assay_name_distance("valu", "value"), 1);
    assert_int_equal(assay_name_distance(NULL, "value"), -1);
}

static void test_util_near_keeps_the_nearest(void **state)
{
    (void)state;
    static const char *const methods[] = {"field", "indicator", "value",
                                          "has", "indicators", NULL};
    ay_near nr;
    ay_near_init(&nr, "valu");
    ay_near_offer_list(&nr, methods);
    assert_int_equal(nr.n, 1);
    assert_string_equal(nr.best[0], "value");
    /* ties are kept in the order offered; a nearer one replaces them */
    ay_near_init(&nr, "abcd");
    ay_near_offer(&nr, "abce");
    ay_near_offer(&nr, "abcf");
    assert_int_equal(nr.n, 2);
    assert_string_equal(nr.best[1], "abcf");
    ay_near_offer(&nr, "abcD");
    assert_int_equal(nr.n, 1);
    assert_int_equal(nr.dist, 0);
    ay_near_init(&nr, "zzzz");
    ay_near_offer_list(&nr, methods);
    assert_int_equal(nr.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_util_json_string_escapes),
        cmocka_unit_test(test_util_json_string_utf8),
        cmocka_unit_test(test_util_json_string_each_byte_each_place),
        cmocka_unit_test(test_util_json_string_two_escapes),
        cmocka_unit_test(test_util_json_number_shortest),
        cmocka_unit_test(test_util_json_number_fast_path_agrees),
        cmocka_unit_test(test_util_json_number_cache_agrees),
        cmocka_unit_test(test_util_clean_message),
        cmocka_unit_test(test_util_sha256_vectors),
        cmocka_unit_test(test_util_arena_zeroed_and_reset),
        cmocka_unit_test(test_util_arena_reset_keeps_blocks),
        cmocka_unit_test(test_util_buf_over_counts_what_does_not_fit),
        cmocka_unit_test(test_util_constructor_items_and_call_column),
        cmocka_unit_test(test_util_find_literal),
        cmocka_unit_test(test_util_name_distance),
        cmocka_unit_test(test_util_near_keeps_the_nearest),
    };
    return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
