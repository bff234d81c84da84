/*
 * fuzz_script.c -- libFuzzer target: the input is an evaluation script.
 *
 * The input is loaded as it is (nothing is refused here); when it loads,
 * a fixed portfolio of three small projects that between them hold every
 * kind of value, unit, status, source and field is evaluated, and every
 * result is read through the accessors and rendered as JSON. Instruction
 * and time limits per criterion call are small, so slow criteria are cut.
 * `require` finds the stock modules (FUZZ_STOCK_DIR, set by fuzz.mk).
 */
#include "fuzz_common.h"

static const char CASES[] =
    "id: fz_one\n"
    "name: \"Fuzz project one: \\u00e9t\\u00e9 \\t tab\"\n"
    "country: NO\n"
    "sector: [manufacturing, &sec furniture, 3, 2.5, true, ~]\n"
    "period: { start: 1990, end: 1996 }\n"
    "agencies: [*sec, SEBRAE]\n"
    "target_group: { beneficiary_is_producer: true, clustered: true }\n"
    "sources:\n"
    "  - { id: review, citation: \"Review s5.2\" }\n"
    "  - { id: other, citation: \"Other source\" }\n"
    "indicators:\n"
    "  DEM1:\n"
    "    value: present\n"
    "    unit: ordinal\n"
    "    evidence: \"the project itself was triggered off by procurement\"\n"
    "    source: review\n"
    "    locator: \"s5.2\"\n"
    "    confidence: high\n"
    "  DEM2: { value: partial, source: other, confidence: medium }\n"
    "  CAP1: { value: absent, confidence: low, note: \"a note\" }\n"
    "  CAP2: not_stated\n"
    "  GRP1: not_applicable\n"
    "  share: { value: 70, unit: percent, source: review, locator: t2 }\n"
    "  ratio: { value: 0.25, unit: ratio }\n"
    "  count: { value: 12, unit: count }\n"
    "  money: { value: 1.5e6, unit: currency }\n"
    "  years: { value: 6, unit: years }\n"
    "  flag: { value: true, unit: boolean }\n"
    "  off: { value: false, unit: boolean }\n"
    "  text: { value: \"free text, \\\"quoted\\\"\", unit: text }\n"
    "  zero: { value: 0, unit: count }\n"
    "---\n"
    "id: fz.two\n"
    "name: Second\n"
    "target_group: { beneficiary_is_producer: false }\n"
    "indicators:\n"
    "  DEM1: absent\n"
    "  INC1: partial\n"
    "  INC2: { value: not_stated }\n"
    "---\n"
    "id: fz-three\n"
    "name: Third, with no indicators\n"
    "notes: |\n"
    "  a block scalar\n"
    "  of two lines\n"
    "indicators: {}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    assay_engine *e = fz_engine(FZ_SCRIPT);
    if (!e)
        return 0;
    char *text = fz_copy(data, size);
    if (!text) {
        assay_engine_free(e);
        return 0;
    }
    int rc = assay_engine_load_script_string(e, "fuzz.lua", text, size);
    free(text); /* the engine must not keep the caller's memory */
    fz_touch(assay_engine_errmsg(e));
    if (rc == ASSAY_OK) {
        fz_touch_script(e);
        rc = assay_engine_eval_string(e, "cases.yaml", CASES,
                                      sizeof CASES - 1, fz_on_result, e);
        fz_check_status(e, rc);
    } else if (fz_checks_on() && rc != ASSAY_ESCRIPT && rc != ASSAY_ENOMEM) {
        fz_fail("loading a script returned an unexpected status",
                assay_strerror(rc));
    } else if (fz_checks_on() && assay_engine_criterion_count(e) != 0) {
        fz_fail("a failed load left a script loaded", NULL);
    }
    assay_engine_free(e);
    return 0;
}
