/*
 * cli_page.c -- what the command's HTML pages share (run -f html, rank -f
 * html): text escaped for HTML, the page's frame (head, style, header,
 * footer) and its tables, so that every page reads and looks alike and
 * escapes hostile text one way. The pages themselves are the commands'.
 */
#include <string.h>

#include "cli.h"

/* ---- Text ------------------------------------------------------------ */

/* t as HTML text: the five characters that mean something in HTML as
 * references, control characters (but newline) and bytes that are not
 * UTF-8 as \xNN (assay_escape_char); at most max characters when max is
 * not 0, ending in an ellipsis when cut. Safe in text and in a quoted
 * attribute value alike. */
void cli_html_cut(cli_str *s, const char *t, size_t max)
{
    if (!t)
        return;
    size_t n = strlen(t), chars = 0;
    while (n) {
        if (max && chars == max) {
            cli_str_adds(s, "\xe2\x80\xa6");
            return;
        }
        unsigned char c = (unsigned char)*t;
        size_t step = 1;
        switch (c) {
        case '&': cli_str_adds(s, "&amp;"); break;
        case '<': cli_str_adds(s, "&lt;"); break;
        case '>': cli_str_adds(s, "&gt;"); break;
        case '"': cli_str_adds(s, "&quot;"); break;
        case '\'': cli_str_adds(s, "&#39;"); break;
        case '\n': cli_str_addc(s, '\n'); break;
        default:
            if (c >= 0x20 && c < 0x7f) {
                cli_str_addc(s, (char)c);
            } else {
                char piece[ASSAY_ESCAPE_MAX];
                size_t k = assay_escape_char(t, n, piece, &step);
                cli_str_add(s, piece, k);
                if (!step)
                    step = 1;
            }
        }
        t += step;
        n -= step;
        chars++;
    }
}

void cli_html_text(cli_str *s, const char *t)
{
    cli_html_cut(s, t, 0);
}

/* ---- Verdicts -------------------------------------------------------- */

const char *cli_html_standing(int st)
{
    return st > 0 ? "good" : st < 0 ? "bad" : "neutral";
}

void cli_html_verdict(cli_str *s, const assay_engine *e, const char *v)
{
    if (!v) {
        cli_str_adds(s, "<span class=\"verdict none\">no verdict</span>");
        return;
    }
    cli_str_addf(s, "<span class=\"verdict %s\">",
                 cli_html_standing(cli_verdict_standing(e, v)));
    cli_html_text(s, v);
    cli_str_adds(s, "</span>");
}

/* A table in a box of its own that scrolls sideways when the table is
 * wider than the screen, named by its caption (capid; hidden when a
 * heading before it says the same): the caller writes the caption's text
 * and then cli_html_table_heads. */
void cli_html_table_open(cli_str *s, const char *cls, const char *capid,
                         int hidden)
{
    cli_str_addf(s, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" "
                 "aria-labelledby=\"%s\">\n<table class=\"%s\">\n<caption "
                 "id=\"%s\"%s>", capid, cls, capid,
                 hidden ? " class=\"vh\"" : "");
}

/* The end of the caption and the header row: each head is a column's
 * name, right-aligned (for numbers) when it starts with '>'. */
void cli_html_table_heads(cli_str *s, const char *const *heads)
{
    cli_str_adds(s, "</caption>\n<thead><tr>");
    for (; *heads; heads++)
        cli_str_addf(s, "<th scope=\"col\"%s>%s</th>",
                     **heads == '>' ? " class=\"num\"" : "",
                     *heads + (**heads == '>'));
    cli_str_adds(s, "</tr></thead>\n<tbody>\n");
}

void cli_html_table_close(cli_str *s)
{
    cli_str_adds(s, "</tbody>\n</table>\n</div>\n");
}

/* The style: readable on a phone (the wide tables scroll inside their own
 * box), printed (colours kept, a page per project) and with a visible
 * focus. Colours: a diverging scale for scores that colour-blind readers
 * can tell apart, every text on it at a contrast of 4.5 or more. */
static const char STYLE[] =
    ":root{color-scheme:light}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:#fff;color:#1d1d1f;font:15px/1.5 system-ui,"
    "-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",\"Liberation Sans\","
    "Arial,sans-serif}\n"
    ".wrap{max-width:82rem;margin:0 auto;padding:0 1rem}\n"
    "header.top{background:#eef2f6;border-bottom:1px solid #cfd6de}\n"
    "header.top .wrap{padding-top:1.25rem;padding-bottom:1rem}\n"
    "main.wrap{padding-bottom:2rem}\n"
    "h1{font-size:1.8rem;line-height:1.2;margin:0 0 .4rem}\n"
    "h2{font-size:1.35rem;margin:2.2rem 0 .8rem;padding-bottom:.3rem;"
    "border-bottom:2px solid #1d1d1f}\n"
    "h3{font-size:1.25rem;margin:0}\n"
    "h4{font-size:1.02rem;margin:1.4rem 0 .5rem}\n"
    "h5{font-size:.95rem;margin:1rem 0 .3rem}\n"
    "p{margin:.4rem 0}\n"
    "a{color:#0b57a4}\n"
    ":focus-visible{outline:3px solid #0b57a4;outline-offset:2px}\n"
    ".skip{position:absolute;left:-999rem;top:.5rem;background:#fff;"
    "padding:.4rem .8rem;z-index:2}\n"
    ".skip:focus{left:.5rem}\n"
    ".vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;"
    "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}\n"
    ".lede{font-size:1.05rem;max-width:48rem}\n"
    "dl.run{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;"
    "margin:.8rem 0 0;font-size:.9rem}\n"
    "dl.run dt{color:#454b53}\n"
    "dl.run dd{margin:0;overflow-wrap:anywhere}\n"
    "code{font-family:ui-monospace,\"DejaVu Sans Mono\",Menlo,Consolas,"
    "monospace;font-size:.9em;overflow-wrap:anywhere}\n"
    "nav.toc ul{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;list-style:none;"
    "padding:0;margin:.8rem 0 0}\n"
    ".quiet{color:#4f555d}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0;"
    "margin:.5rem 0}\n"
    ".cards li{border:1px solid #cfd6de;border-radius:.5rem;padding:.5rem "
    ".9rem;min-width:8.5rem}\n"
    ".cards .n{display:block;font-size:1.8rem;font-weight:700;"
    "line-height:1.1}\n"
    ".scroll{overflow-x:auto;max-width:100%}\n"
    "table{border-collapse:collapse}\n"
    "caption{text-align:left;color:#454b53;padding:0 0 .4rem;font-size:.9rem}\n"
    "th,td{padding:.3rem .5rem;vertical-align:top;text-align:left}\n"
    ".num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "table.list{font-size:.9rem;width:100%}\n"
    "table.list th,table.list td{border-bottom:1px solid #dde2e7}\n"
    "table.list thead th,table.crit thead th{border-bottom:2px solid #1d1d1f}\n"
    ".heat{font-size:.75rem}\n"
    ".heat th,.heat td{border:1px solid #fff;padding:.25rem .2rem}\n"
    ".heat thead th{background:#eef2f6;text-align:center;vertical-align:bottom;"
    "font-weight:600}\n"
    ".heat thead th.proj,.heat thead th.fact{text-align:left}\n"
    ".heat .w{display:block;font-weight:400;color:#454b53}\n"
    ".heat th.grp{font-weight:700}\n"
    ".heat th.proj{text-align:left;background:#fff;position:sticky;left:0;"
    "z-index:1;min-width:12rem;max-width:16rem;font-weight:600}\n"
    ".heat tbody th.proj{border-bottom:1px solid #dde2e7}\n"
    ".heat thead th.proj{background:#eef2f6}\n"
    ".heat .pid,.sub .pid{font-family:ui-monospace,\"DejaVu Sans Mono\",Menlo,"
    "Consolas,monospace;font-size:.85em;color:#454b53;font-weight:400}\n"
    ".heat th.proj .pid{display:block;overflow-wrap:anywhere}\n"
    ".heat td.fact{white-space:nowrap;border-bottom:1px solid #dde2e7}\n"
    ".heat td.cell{text-align:center;min-width:3rem;line-height:1.25;"
    "vertical-align:middle}\n"
    ".heat th.proj,.heat td.fact{font-size:.8rem;padding:.25rem .4rem}\n"
    ".heat .verdict{font-size:.95em;padding:0 .45rem}\n"
    ".heat td.cell .l{display:block;font-weight:600}\n"
    ".heat td.cell .s{display:block;font-size:.85em}\n"
    ".heat .gap{border-left:14px solid #fff}\n"
    "tr.gap th,tr.gap td{border-top:3px solid #1d1d1f}\n"
    ".q0{background:#ee8f71}.q1{background:#fdc692}.q2{background:#fff3b0}"
    ".q3{background:#b7dcec}.q4{background:#7fb6dc}\n"
    ".na{background:repeating-linear-gradient(135deg,#fff 0 5px,#e6e6e6 5px "
    "10px);color:#40454c}\n"
    ".er{background:#fff;box-shadow:inset 0 0 0 2px #b3261e;color:#8c1d18}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;"
    "margin:.5rem 0 .8rem;font-size:.85rem}\n"
    ".legend li{padding:.15rem .55rem;border-radius:.25rem}\n"
    ".verdict{display:inline-block;padding:.05rem .55rem;border-radius:1rem;"
    "font-weight:600;white-space:nowrap}\n"
    ".verdict.good{background:#1d5d95;color:#fff}\n"
    ".verdict.bad{background:#a3262a;color:#fff}\n"
    ".verdict.neutral{background:#e4e6e9;color:#1d1d1f}\n"
    ".verdict.none{border:1px dashed #6b7179;color:#40454c}\n"
    "section.project{border-top:1px solid #cfd6de;padding-top:1.5rem;"
    "margin-top:2rem}\n"
    ".sub{color:#454b53;margin:.1rem 0 .6rem}\n"
    "h2+section.project{border-top:none;margin-top:0;padding-top:.5rem}\n"
    ".facts{display:flex;flex-wrap:wrap;gap:.5rem 2rem;margin:.5rem 0 1rem;"
    "align-items:baseline}\n"
    ".facts .k{color:#454b53;margin-right:.3rem}\n"
    ".facts b{font-size:1.25rem}\n"
    "figure{margin:.5rem 0 1rem}\n"
    ".pair{display:grid;grid-template-columns:minmax(0,1fr);gap:0 2.5rem}\n"
    "@media (min-width:62rem){.pair{grid-template-columns:minmax(0,34rem) "
    "minmax(0,1fr)}}\n"
    "figcaption{font-size:.85rem;color:#454b53;max-width:34rem}\n"
    "svg.chart{display:block;width:100%;max-width:34rem;height:auto;"
    "margin-bottom:.4rem}\n"
    "svg.chart text{font-size:13px;fill:#1d1d1f}\n"
    "svg.chart .name{font-weight:600}\n"
    "svg.chart .lab{font-weight:400}\n"
    "svg.chart .small{font-size:12px;fill:#40454c}\n"
    "svg.chart .tile{font-size:12.5px;font-weight:600}\n"
    "svg.chart .track{fill:#e4e8ec}\n"
    "svg.chart .fill{fill:#1d5d95}\n"
    "svg.chart .cov{fill:#7fb6dc}\n"
    "svg.chart .none{fill:#fff;stroke:#6b7179;stroke-dasharray:4 3}\n"
    "svg.chart .err{fill:#fff;stroke:#b3261e;stroke-width:2}\n"
    "svg.chart .thr{stroke:#1d1d1f;stroke-width:1.5;stroke-dasharray:3 2}\n"
    "svg .q0{fill:#ee8f71}svg .q1{fill:#fdc692}svg .q2{fill:#fff3b0}"
    "svg .q3{fill:#b7dcec}svg .q4{fill:#7fb6dc}\n"
    "ol.why{padding-left:1.4rem;font-size:.92rem}\n"
    "ol.why li{margin:.15rem 0}\n"
    "ol.why li.chosen{background:#eef2f6;border-left:4px solid #1d5d95;"
    "padding:.1rem .4rem}\n"
    "table.crit{font-size:.88rem;min-width:44rem}\n"
    "table.crit td,table.crit th{border-bottom:1px solid #dde2e7}\n"
    "table.crit td:nth-child(2){white-space:nowrap}\n"
    ".cid{font-weight:600}\n"
    ".ctitle{display:block;font-weight:400;color:#454b53;font-size:.92em}\n"
    "h5 .ctitle{display:inline}\n"
    "ul.ev{list-style:none;padding:0;margin:0}\n"
    "ul.ev li{border-left:3px solid #cfd6de;padding:.1rem 0 .1rem .75rem;"
    "margin:.5rem 0}\n"
    "blockquote{margin:.2rem 0;font-style:italic;max-width:48rem}\n"
    ".src,.note{font-size:.88rem;color:#454b53}\n"
    ".errtext{color:#8c1d18}\n"
    ".errbox{border:2px solid #b3261e;border-radius:.3rem;padding:.4rem .7rem;"
    "color:#8c1d18;background:#fff}\n"
    "footer{border-top:1px solid #cfd6de;margin-top:2rem;padding:1rem 0;"
    "font-size:.85rem;color:#454b53}\n"
    ".hint{display:none;font-size:.85rem;color:#454b53}\n"
    "@media (max-width:40rem){body{font-size:14px}h1{font-size:1.45rem}"
    ".hint{display:block}"
    ".heat th.proj{min-width:8rem}.facts{gap:.3rem 1.2rem}}\n"
    "@media print{body{font-size:9.5pt}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    ".skip,nav.toc{display:none}"
    ".scroll{overflow:visible}"
    "header.top{background:none;border-bottom:2px solid #1d1d1f}"
    ".heat{font-size:7.5pt}.heat td.cell{min-width:0}"
    ".heat th.proj{position:static;min-width:12rem}"
    "table.crit{min-width:0}"
    "#portfolio{page:wide}"
    "#projects>h2{break-before:page}"
    "section.project{break-before:page;border-top:none}"
    "h2+section.project{break-before:avoid}"
    "svg.chart{max-width:26rem}"
    "tr,figure,ul.ev li,.cards li{break-inside:avoid}"
    "h2,h3,h4,h5{break-after:avoid}"
    "a{color:inherit;text-decoration:none}"
    "}\n@page{size:A4;margin:12mm}\n@page wide{size:A4 landscape}\n";

/* ---- The frame of a page -------------------------------------------- */

void cli_html_open(cli_str *s, const char *title, const assay_engine *e,
                   const char *style, const char *skip, const char *skip_to)
{
    cli_str_adds(s, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                    "<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, "
                    "initial-scale=1\">\n"
                    "<meta http-equiv=\"Content-Security-Policy\" "
                    "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
                    "\n<meta name=\"generator\" content=\"assay ");
    cli_html_text(s, assay_version());
    cli_str_adds(s, "\">\n<title>");
    cli_str_adds(s, title);
    cli_str_adds(s, ": ");
    cli_html_text(s, assay_engine_script_name(e));
    cli_str_addf(s, "</title>\n<style>\n%s%s</style>\n</head>\n<body>\n"
                 "<a class=\"skip\" href=\"#%s\">Skip to the %s</a>\n"
                 "<header class=\"top\"><div class=\"wrap\">\n<h1>", STYLE,
                 style ? style : "", skip, skip_to);
    cli_str_adds(s, title);
    cli_str_adds(s, ": ");
    cli_html_text(s, assay_engine_script_name(e));
    cli_str_adds(s, "</h1>\n");
}

void cli_html_facts(cli_str *s, const assay_engine *e, int date)
{
    cli_str script = {0};
    cli_str_addf(&script, "%s (%s)", assay_engine_script_name(e),
                 assay_engine_script_aggregate(e));
    char version[64], day[16] = "";
    snprintf(version, sizeof version, "assay %s", assay_version());
    if (date)
        cli_today(day);
    const char *const facts[][2] = {
        {"Engine", version},
        {"Script", cli_str_text(&script)},
        {"Script SHA-256", assay_engine_script_sha256(e)},
        {"Date", day},
    };
    for (size_t k = 0; k < sizeof facts / sizeof *facts; k++) {
        if (!facts[k][1] || !*facts[k][1])
            continue;
        cli_str_addf(s, "<dt>%s</dt><dd>%s", facts[k][0], k == 2 ? "<code>"
                                                                 : "");
        cli_html_text(s, facts[k][1]);
        cli_str_adds(s, k == 2 ? "</code></dd>\n" : "</dd>\n");
    }
    if (script.oom)
        s->oom = 1;
    cli_str_free(&script);
}

void cli_html_toc(cli_str *s, const char *const *items)
{
    cli_str_adds(s, "<nav class=\"toc\" aria-label=\"Contents\"><ul>");
    for (; items[0] && items[1]; items += 2)
        cli_str_addf(s, "<li><a href=\"#%s\">%s</a></li>", items[0],
                     items[1]);
    cli_str_adds(s, "</ul></nav>\n</div></header>\n<main class=\"wrap\">\n");
}

void cli_html_close(cli_str *s, const assay_engine *e, const char *note)
{
    cli_str_adds(s, "</main>\n<footer><div class=\"wrap\">Made by assay ");
    cli_html_text(s, assay_version());
    cli_str_adds(s, " with the script ");
    cli_html_text(s, assay_engine_script_name(e));
    cli_str_adds(s, ". ");
    cli_str_adds(s, note);
    cli_str_adds(s, "</div></footer>\n</body>\n</html>\n");
}
