/*
 * test_pattern.c -- the step-counted pattern functions (lpattern.c),
 * differential against the real string library: each case runs in a host
 * state with Lua's own library and in one whose string table went through
 * ay_lpattern_open, and every result (values, captures, positions, error
 * messages) is compared as text. Then the pattern limit itself: hostile
 * patterns stop, ordinary long inputs do not, and a script sees `limit`.
 */
#include <time.h>

#include <lauxlib.h>
#include <lualib.h>

#include "unit.h"

#include "ay_vm.h"

/* ---- Two states --------------------------------------------------------- */

/* Both states run this: results are serialised in Lua, with no pattern
 * function of the state under test involved in the serialising. */
static const char HARNESS[] =
    "local pack, concat, fmt = table.pack, table.concat, string.format\n"
    "local function ser(v)\n"
    "  local t = type(v)\n"
    "  if t == 'string' then return fmt('%q', v) end\n"
    "  if t == 'number' then return math.type(v) .. ':' .. tostring(v) end\n"
    "  if t ~= 'table' then return tostring(v) end\n"
    "  local o = {}\n"
    "  for i = 1, v.n or #v do o[i] = ser(v[i]) end\n"
    "  return '{' .. concat(o, ',') .. '}'\n"
    "end\n"
    "local function results(...)\n"
    "  local r, o = pack(...), {}\n"
    "  for i = 1, r.n do o[i] = ser(r[i]) end\n"
    "  return concat(o, ' ')\n"
    "end\n"
    "function GM(s, p, init)\n"
    "  local out, it = {}, string.gmatch(s, p, init)\n"
    "  for _ = 1, 100 do\n"
    "    local r = pack(it())\n"
    "    if r[1] == nil then break end\n"
    "    out[#out + 1] = r\n"
    "  end\n"
    "  return out\n"
    "end\n"
    "ALL = {}\n"
    "for i = 0, 255 do ALL[#ALL + 1] = string.char(i) end\n"
    "ALL = concat(ALL)\n"
    "function RUN(src)\n"
    "  local f, err = load('return ' .. src, '=case')\n"
    "  if not f then return 'load: ' .. err end\n"
    "  return results(pcall(f))\n"
    "end\n"
    "local T = {a = 'A', b = false, ab = 1, ['('] = {}}\n"
    "local function args(...) return '[' .. results(...) .. ']' end\n"
    "local OPS = {\n"
    "  find = function(s, p, i) return string.find(s, p, i) end,\n"
    "  plain = function(s, p, i) return string.find(s, p, i, true) end,\n"
    "  match = function(s, p, i) return string.match(s, p, i) end,\n"
    "  gmatch = function(s, p, i) return GM(s, p, i) end,\n"
    "  gsub = function(s, p) return string.gsub(s, p, '<%0>') end,\n"
    "  gsub1 = function(s, p, i) return string.gsub(s, p, '%1%%', i) end,\n"
    "  gsubf = function(s, p) return string.gsub(s, p, args) end,\n"
    "  gsubt = function(s, p) return string.gsub(s, p, T) end,\n"
    "}\n"
    "function CALL(op, s, p, i) return results(pcall(OPS[op], s, p, i)) end\n"
    "function TIME(f, n)\n"
    "  local t = os.clock()\n"
    "  for _ = 1, n do f() end\n"
    "  return os.clock() - t\n"
    "end\n";

typedef struct duo {
    ay_vm vm;        /* ours reads its limits from this vm */
    ay_buf err;
    lua_State *ref, *ours;
} duo;

static lua_State *state_new(ay_vm *vm, int patterns)
{
    lua_State *L = luaL_newstate();
    assert_non_null(L);
    *(ay_vm **)lua_getextraspace(L) = vm;
    luaL_openlibs(L);
    if (patterns) {
        lua_getglobal(L, LUA_STRLIBNAME);
        ay_lpattern_open(L);
        lua_pop(L, 1);
    }
    if (luaL_dostring(L, HARNESS) != LUA_OK)
        fail_msg("harness: %s", lua_tostring(L, -1));
    return L;
}

static duo *duo_new(size_t steps)
{
    duo *d = calloc(1, sizeof *d);
    assert_non_null(d);
    assay_limits lim;
    ay_limits_default(&lim);
    if (steps)
        lim.pattern_steps = steps;
    assert_int_equal(ay_vm_init(&d->vm, &lim, NULL, &d->err), ASSAY_OK);
    d->ref = state_new(&d->vm, 0);
    d->ours = state_new(&d->vm, 1);
    return d;
}

static void duo_free(duo *d)
{
    lua_close(d->ref);
    lua_close(d->ours);
    ay_vm_free(&d->vm);
    ay_buf_free(&d->err);
    free(d);
}

static int setup(void **state)
{
    *state = duo_new(0); /* the default budget */
    return 0;
}

static int teardown(void **state)
{
    duo_free(*state);
    return 0;
}

/* After a limit was hit, the engine keeps raising it (limits.c) until the
 * call ends; here the "call" is the test's, so end it by hand. */
static void limit_clear(duo *d)
{
    d->vm.limit = AY_LIMIT_NONE;
    lua_sethook(d->ours, NULL, 0, 0);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Call global fn with the values pushed after it (nargs); its one result
 * as a string copied to out. */
static void call_text(lua_State *L, int nargs, char *out, size_t n)
{
    if (lua_pcall(L, nargs, 1, 0) != LUA_OK)
        snprintf(out, n, "harness error: %s", lua_tostring(L, -1));
    else
        snprintf(out, n, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
}

static void run_case(lua_State *L, const char *src, char *out, size_t n)
{
    lua_getglobal(L, "RUN");
    lua_pushstring(L, src);
    call_text(L, 1, out, n);
}

/* ---- Hand-written cases --------------------------------------------------- */

/* Each is a Lua expression; its results (or error) must be the same with
 * both libraries. Grouped by what they exercise. */
static const char *const CASES[] = {
    /* find: plain, init, no specials */
    "('hello world'):find('o w')",
    "('hello world'):find('o', 5)",
    "('hello world'):find('o', 6)",
    "('hello world'):find('l+')",
    "('hello'):find('')",
    "('hello'):find('', 10)",
    "('hello'):find('', 6)",
    "('hello'):find('', -2)",
    "('hello'):find('l', -100)",
    "('hello'):find('h', 0)",
    "('hello'):find('l', -2)",
    "('abc'):find('a', math.maxinteger)",
    "('abc'):find('a', math.mininteger)",
    "('abc'):find('b', 4)",
    "('abc'):find('', 4)",
    "('abc'):find('$', 4)",
    "('a.b'):find('.', 1, true)",
    "('a.b'):find('%.')",
    "('a+b'):find('+', 1, true)",
    "('a+b'):find('a+b')",
    "('a)b'):find('a)')",
    "('a]b'):find('a]')",
    "('abc'):find('b', 1, 1)",
    "('abc'):find('c', 3, false)",
    "('[x]'):find('[', 1, true)",
    "('a.b'):find('a.b', 2, true)",
    "('abc'):find('abcd', 1, true)",
    "('abc'):find('x')",
    "string.find('abc', 'b', 2.0)",
    "string.find('abc', 'b', '2')",
    "string.find('abc', 'b', 2.5)",
    "string.find('abc', 'b', {})",
    "string.find(nil, 'b')",
    "string.find('abc')",
    "('abc'):find({})",
    "string.find(12345, 3)",
    "string.find(1.5, '%.')",
    "string.find('abc\\0def', '\\0d')",
    "string.find('a\\0b\\0', '\\0', 3)",
    "string.find('a\\0b', '[\\0]')",
    "string.find('a\\0b', '%z')",
    "string.find('abz', '%z')",
    "string.find('a\\0b', '.\\0.')",
    /* find and match: captures and positions */
    "('abc'):find('(b)(c)')",
    "('abc'):find('()b()')",
    "('abc'):find('(()b)')",
    "('abcd'):find('(a(b(c)))')",
    "('hello 123 world'):match('%d+')",
    "('key = value'):match('(%w+)%s*=%s*(%w+)')",
    "('  trim  '):match('^%s*(.-)%s*$')",
    "('abcd'):match('((a)(b))(c)')",
    "('hello'):match('(h)(e)(l)(l)(o)')",
    "('abc'):match('()')",
    "('abc'):match('()', 4)",
    "('abc'):match('()', 5)",
    "('abc'):match('', 4)",
    "('hello'):match('.', -1)",
    "('abc'):match('b', 2)",
    "('abc'):match('^b', 2)",
    "('abc'):match('^(a)')",
    "('abc'):match('^b')",
    /* anchors */
    "('abc'):match('$')",
    "('abc'):match('c$')",
    "('a$c'):match('$c')",
    "('a$'):match('a$$')",
    "('a^b'):match('a^b')",
    "('^a'):match('^^a')",
    "('hello'):find('^h')",
    "('hello'):find('^e')",
    "('hello'):find('o$')",
    "('hello'):find('l$')",
    "('a$'):find('$', 1)",
    /* single items and repetitions */
    "('aaab'):match('a*')",
    "('bbb'):match('a*')",
    "('aaab'):match('a+')",
    "('bbb'):match('a+')",
    "('aaab'):match('a-')",
    "('aaab'):match('a-b')",
    "('aaa'):match('a-b')",
    "('aaa'):match('^a-$')",
    "('aaab'):match('a?')",
    "('b'):match('a?b')",
    "('ab'):match('a?b')",
    "('aab'):match('^a?b')",
    "('abc'):match('.-')",
    "('abc'):match('.+')",
    "('abc'):match('..?.?.?')",
    "('xyz'):match('[xy]*z')",
    "('<a><b>'):match('<(.-)>')",
    "('<a><b>'):match('<(.*)>')",
    "('aa*'):match('a**')",
    "('*a'):find('*')",
    "('+'):find('+')",
    "('a-'):find('-')",
    "('?'):match('?')",
    "('a.b'):match('.%.')",
    "('x%y'):match('%%')",
    "('a]'):match('%]')",
    "('ab'):match('%q')",
    "('aZ'):match('%Z')",
    "('a1b22c333'):gsub('%d+', '#')",
    "('aaa'):match('a-a-a-$')",
    /* character classes over every byte, and their complements */
    "(ALL:gsub('%a', ''))", "(ALL:gsub('%A', ''))",
    "(ALL:gsub('%c', ''))", "(ALL:gsub('%C', ''))",
    "(ALL:gsub('%d', ''))", "(ALL:gsub('%D', ''))",
    "(ALL:gsub('%g', ''))", "(ALL:gsub('%G', ''))",
    "(ALL:gsub('%l', ''))", "(ALL:gsub('%L', ''))",
    "(ALL:gsub('%p', ''))", "(ALL:gsub('%P', ''))",
    "(ALL:gsub('%s', ''))", "(ALL:gsub('%S', ''))",
    "(ALL:gsub('%u', ''))", "(ALL:gsub('%U', ''))",
    "(ALL:gsub('%w', ''))", "(ALL:gsub('%W', ''))",
    "(ALL:gsub('%x', ''))", "(ALL:gsub('%X', ''))",
    "(ALL:gsub('.', 'x'))",
    /* sets */
    "(ALL:gsub('[%a_]', ''))",
    "(ALL:gsub('[^%w]', ''))",
    "(ALL:gsub('[a-z0-9]', ''))",
    "(ALL:gsub('[%]]', ''))",
    "(ALL:gsub('[]]', ''))",
    "(ALL:gsub('[^]]', ''))",
    "(ALL:gsub('[]a-c]', ''))",
    "(ALL:gsub('[a-]', ''))",
    "(ALL:gsub('[-a]', ''))",
    "(ALL:gsub('[%-]', ''))",
    "(ALL:gsub('[a-%%]', ''))",
    "(ALL:gsub('[a-%]]', ''))",
    "(ALL:gsub('[%%-z]', ''))",
    "(ALL:gsub('[%a-z]', ''))",
    "(ALL:gsub('[z-a]', ''))",
    "(ALL:gsub('[\\128-\\255]', ''))",
    "(ALL:gsub('[^\\0-\\127]', ''))",
    "(ALL:gsub('[%^]', ''))",
    "(ALL:gsub('[^^]', ''))",
    "(ALL:gsub('[.]', ''))",
    "(ALL:gsub('[%.(]', ''))",
    "(ALL:gsub('[%z]', ''))",
    "(ALL:gsub('[%S%d]', ''))",
    "(ALL:gsub('[^%P%l]', ''))",
    "(ALL:gsub('[a-a]', ''))",
    "(ALL:gsub('[\\0]', ''))",
    "('hello world'):match('[%w ]+')",
    "('h\\195\\169llo'):gsub('[\\128-\\255]', '?')",
    /* back-references */
    "('abcabc'):match('(abc)%1')",
    "('say \"hi\" ok'):match('([\"\\'])(.-)%1')",
    "('aa'):find('(a)%1')",
    "('ab'):find('(a)%1')",
    "('xx'):match('(x)%1%1')",
    "('aa'):find('()a%1')",
    "('abab'):match('^(.-)%1$')",
    "('abc'):find('%1')",
    "('abc'):find('(a)%2')",
    "('abc'):find('(a%1)')",
    "('abc'):find('%0')",
    "('abc'):find('x%1')",
    /* %b */
    "('f(a(b)c) d'):match('%b()')",
    "('((x)'):match('%b()')",
    "('(()'):find('%b()')",
    "('[[a]]'):gsub('%b[]', 'X')",
    "(\"'a' 'b'\"):gsub(\"%b''\", 'Q')",
    "('()*'):find('%b()*')",
    "('abc'):find('%b')",
    "('abc'):find('%ba')",
    "('abc'):find('x%b')",
    "('if x then y end end'):match('%bie')",
    /* %f */
    "('THE (quick) fox'):gsub('%f[%a]%a+', 'W')",
    "('hello'):find('%f[%l]')",
    "('hello'):find('%f[^%l]')",
    "('aaa'):find('%f[a]', 2)",
    "('abc'):find('%f[%w]')",
    "('\\0a'):find('%f[a]')",
    "('a\\0b'):find('%f[\\0]')",
    "('the cat'):gsub('%f[%w]%w+%f[%W]', '<%0>')",
    "('abc'):find('%f')",
    "('abc'):find('%fa')",
    "('abc'):find('%f[a')",
    "('abc'):find('x%f')",
    "('abc'):find('%f[]')",
    /* capture errors and limits */
    "('abc'):match('(a')",
    "('abc'):find('(b')",
    "('abc'):match('a)')",
    "('abc'):match(')')",
    "('abc'):match('(a)b)')",
    "('abc'):match('x)')",
    "string.rep('a', 32):match(string.rep('(a)', 32))",
    "string.rep('a', 33):match(string.rep('(a)', 33))",
    "string.rep('a', 40):match(string.rep('()', 33))",
    "string.rep('a', 40):find(string.rep('()', 32))",
    "string.rep('a', 300):find(string.rep('a?', 300))",
    "string.rep('a', 300):find(string.rep('a?', 199))",
    "string.rep('a', 300):find(string.rep('a?', 200))",
    "string.rep('a', 300):find(string.rep('(a)', 31) .. string.rep('a?', 170))",
    "string.rep('a', 300):find(string.rep('a*', 250))",
    "string.rep('a', 10):find(string.rep('a-', 250) .. 'b')",
    /* malformed patterns: reported only when matching reaches them */
    "('abc'):find('%')",
    "('abc'):find('a%')",
    "('abc'):find('x%')",
    "('abc'):find('[a')",
    "('abc'):find('[')",
    "('abc'):find('[]')",
    "('abc'):find('[^]')",
    "('abc'):find('[%')",
    "('abc'):find('[a%]')",
    "('abc'):find('[^')",
    "('abc'):find('x[')",
    "('abc'):gsub('x[', '')",
    "('abc'):match('a*%')",
    "('abc'):match('(%')",
    /* gmatch */
    "GM('hello world from lua', '%a+')",
    "GM('k1=v1, k2=v2', '(%w+)=(%w+)')",
    "GM('abc', '')",
    "GM('abc', 'a*')",
    "GM('a,b,,c', '([^,]*)')",
    "GM('hello', '()ll()')",
    "GM('abc', '.', 2)",
    "GM('abc', '.', -1)",
    "GM('abc', '.', 10)",
    "GM('abc', '.', 4)",
    "GM('^a^a', '^a')",
    "GM('aaa', 'a-')",
    "GM('one two', '%f[%w]%w+')",
    "GM('abc', '(')",
    "GM('abc', '%')",
    "GM('ab', 'x*')",
    "GM('aXbX', '%u?')",
    "string.gmatch('abc', 'b', 'x')",
    "string.gmatch('abc')",
    /* gsub: strings */
    "('hello world'):gsub('o', '0')",
    "('hello world'):gsub('o', '0', 1)",
    "('hello'):gsub('l', 'L', 0)",
    "('hello'):gsub('l', 'L', -1)",
    "('hello'):gsub('(l)(l)', '%2%1')",
    "('hello'):gsub('l', '%%')",
    "('hello'):gsub('l', '%0%0')",
    "('hello'):gsub('l+', '%1')",
    "('hello'):gsub('l', '%2')",
    "('hello'):gsub('l', '%')",
    "('hello'):gsub('l', '%x')",
    "('hello'):gsub('(l)', '%2')",
    "('hello'):gsub('()l', '[%1]')",
    "('x'):rep(3):gsub('x', '%%1')",
    "('abc'):gsub('b', 5)",
    "('abc'):gsub('b', 1.5)",
    "('abc'):gsub('b')",
    "('abc'):gsub('b', true)",
    "('abc'):gsub('b', 'x', 'y')",
    "('abc'):gsub('b', 'x', 1.5)",
    "('abc'):gsub('(a', 'x')",
    "('abc'):gsub('(a', '%1')",
    "('abc'):gsub('(a', '%0')",
    "('aaa'):gsub('^a', 'b')",
    "('aaa'):gsub('^a*', '-')",
    "('hello'):gsub('$', '!')",
    "('hello'):gsub('^', '>')",
    "('abc'):gsub('', '-')",
    "('abc'):gsub('%w*', '-')",
    "('a b'):gsub('%w*', '<%0>')",
    "('hello world'):gsub('^%s*', '')",
    "(''):gsub('', 'x')",
    "(''):gsub('.', 'x')",
    "('hello'):gsub('', '')",
    "('abc'):gsub('.', {a = 1})",
    /* gsub: tables and functions */
    "('hello'):gsub('%w', {h = 'H', l = false, o = 0})",
    "('hello'):gsub('%w', {h = {}})",
    "('$x $y'):gsub('%$(%w+)', {x = '1'})",
    "('abc'):gsub('()', {[1] = 'S', [4] = 'E'})",
    "('abc'):gsub('(a', {})",
    "('hello'):gsub('l', function(c) return c:upper() end)",
    "('hello'):gsub('(h)(e)', function(a, b) return b .. a end)",
    "('abc'):gsub('%w', function() end)",
    "('abc'):gsub('%w', function() return false end)",
    "('abc'):gsub('%w', function() return true end)",
    "('abc'):gsub('%w', function(c) return 42 end)",
    "('abc'):gsub('()', function(p) return p end)",
    "('abc'):gsub('%w', function(c) error('boom') end)",
    "('abc'):gsub('(a', function(...) return 'x' end)",
    "('a b c'):gsub('%w', function(c) return (c:gsub('.', '%0%0')) end)",
    "('abc'):gsub('b', setmetatable({}, {__index = function(t, k) "
    "return k .. k end}))",
    /* longer subjects */
    "(string.rep('ab', 1000) .. 'c'):find('b*c')",
    "(string.rep(' ', 500) .. 'x' .. string.rep(' ', 500)):match("
    "'^%s*(.-)%s*$')",
    "select(2, string.rep('a b ', 2000):gsub('%a', 'x'))",
    "(string.rep('(', 100) .. string.rep(')', 100)):find('%b()')",
    /* long patterns (compiled outside the C stack) */
    "string.rep('ab', 30):find(string.rep('[ab]', 40) .. '()')",
    "string.rep('x y ', 30):gsub(string.rep('%f[%w]%w[^%w]', 12), '<%0>')",
    "string.rep('a', 3000):find(string.rep('a', 1000) .. '.$')",
    "string.rep('a', 1000):match(string.rep('[^b]', 999) .. '[%]]')",
};

static void test_pattern_cases_match_lua(void **state)
{
    duo *d = *state;
    size_t n = sizeof CASES / sizeof *CASES;
    int bad = 0, errors = 0;
    static char a[1 << 16], b[1 << 16];
    for (size_t i = 0; i < n; i++) {
        run_case(d->ref, CASES[i], a, sizeof a);
        run_case(d->ours, CASES[i], b, sizeof b);
        if (strcmp(a, b) != 0) {
            print_message("case %zu: %s\n  lua:  %.300s\n  ours: %.300s\n",
                          i, CASES[i], a, b);
            bad++;
        }
        errors += !strncmp(a, "false ", 6);
        assert_int_equal(d->vm.limit, AY_LIMIT_NONE);
    }
    print_message("pattern: %zu hand-written cases (%d raise an error in "
                  "Lua), %d differ\n", n, errors, bad);
    assert_true(n >= 150);
    assert_int_equal(bad, 0);
}

/* Spot checks that the comparison compares something. */
static void test_pattern_cases_sane(void **state)
{
    duo *d = *state;
    char out[512];
    run_case(d->ours, "('key = value'):match('(%w+)%s*=%s*(%w+)')", out,
             sizeof out);
    assert_string_equal(out, "true \"key\" \"value\"");
    run_case(d->ours, "('abc'):find('()b()')", out, sizeof out);
    assert_string_equal(out, "true integer:2 integer:2 integer:2 integer:3");
    run_case(d->ours, "('x'):find('[a')", out, sizeof out);
    assert_string_equal(out,
                        "false \"case:1: malformed pattern (missing ']')\"");
    run_case(d->ours, "GM('abc', 'a*')", out, sizeof out);
    assert_string_equal(out, "true {{\"a\"},{\"\"},{\"\"}}");
}

/* ---- Random patterns ------------------------------------------------------ */

static uint64_t rnd_state;

static uint64_t rnd(void) /* splitmix64 */
{
    uint64_t z = (rnd_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static unsigned below(unsigned n) { return (unsigned)(rnd() % n); }

/* Pieces of patterns, well-formed and not. */
static const char *const TOKENS[] = {
    "a", "b", "c", ".", "%a", "%d", "%s", "%w", "%A", "%S", "%p", "%%",
    "%.", "%]", "[ab]", "[^a]", "[a-c]", "[%a_]", "[]a]", "[^]]", "[a-]",
    "*", "+", "-", "?", "(", ")", "()", "%1", "%2", "%0", "%bab", "%b()",
    "%f[a]", "%f[%W]", "%f[^b]", "^", "$", "%", "[", "]", "%f", "%b",
    "%ba", "[^", "[a", "[%", "a*", "a-", "b?", "a+", ".-", " ", "%x", "(a)",
    "(.-)", "[%s(]", "[a-%]", "%z", "\\0",
};

static void random_pattern(char *p, size_t *len)
{
    size_t n = 0;
    if (below(2)) {
        unsigned k = below(7);
        for (unsigned i = 0; i < k; i++) {
            const char *t = TOKENS[below(sizeof TOKENS / sizeof *TOKENS)];
            if (!strcmp(t, "\\0")) {
                p[n++] = 0;
                continue;
            }
            memcpy(p + n, t, strlen(t));
            n += strlen(t);
        }
    } else {
        static const char raw[] = "ab.-%[]^()$*+?f1 ";
        unsigned k = below(9);
        for (unsigned i = 0; i < k; i++)
            p[n++] = raw[below(sizeof raw - 1)];
    }
    *len = n;
}

static void random_subject(char *s, size_t *len)
{
    static const char alpha[] = "aabb  ()[]-%.^$1fx";
    size_t n = below(15);
    for (size_t i = 0; i < n; i++)
        s[i] = alpha[below(sizeof alpha - 1)];
    if (n && !below(20))
        s[below((unsigned)n)] = 0;
    *len = n;
}

/* s as printable text, for a failure message. */
static const char *shown(const char *s, size_t n, char *out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 5 < max; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 32 || c > 126 || c == '\\')
            k += (size_t)snprintf(out + k, max - k, "\\%d", c);
        else
            out[k++] = (char)c;
    }
    out[k] = 0;
    return out;
}

static void call_op(lua_State *L, const char *op, const char *s, size_t sl,
                    const char *p, size_t pl, int has_init,
                    lua_Integer init, char *out, size_t n)
{
    lua_getglobal(L, "CALL");
    lua_pushstring(L, op);
    lua_pushlstring(L, s, sl);
    lua_pushlstring(L, p, pl);
    if (has_init)
        lua_pushinteger(L, init);
    else
        lua_pushnil(L);
    call_text(L, 4, out, n);
}

#define RANDOM_PAIRS 20000

static void test_pattern_random_match_lua(void **state)
{
    duo *d = *state;
    static const char *const ops[] = {"find", "plain", "match", "gmatch",
                                      "gsub", "gsub1", "gsubf", "gsubt"};
    rnd_state = 20261128;
    int bad = 0, calls = 0, errors = 0, found = 0;
    char p[128], s[32], a[8192], b[8192];
    double t0 = now();
    for (int i = 0; i < RANDOM_PAIRS; i++) {
        size_t pl, sl;
        random_pattern(p, &pl);
        random_subject(s, &sl);
        /* the start: none, or around the subject's bounds */
        int has_init = below(3) == 0;
        lua_Integer init = (lua_Integer)below((unsigned)sl + 4) - 2;
        if (below(4) == 0)
            init = -init;
        for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
            call_op(d->ref, ops[k], s, sl, p, pl, has_init, init, a,
                    sizeof a);
            call_op(d->ours, ops[k], s, sl, p, pl, has_init, init, b,
                    sizeof b);
            calls++;
            errors += !strncmp(a, "false ", 6);
            found += strncmp(a, "false ", 6) && strcmp(a, "true nil") &&
                     strcmp(a, "true {}") && !strstr(a, " integer:0");
            char s1[160], p1[520];
            if (strcmp(a, b) != 0 && bad++ < 20)
                print_message("%s('%s', '%s', %s%ld)\n  lua:  %.300s\n"
                              "  ours: %.300s\n",
                              ops[k], shown(s, sl, s1, sizeof s1),
                              shown(p, pl, p1, sizeof p1),
                              has_init ? "" : "no init ", (long)init, a, b);
        }
        assert_int_equal(d->vm.limit, AY_LIMIT_NONE);
    }
    /* 20,000 pairs x 8 calls = 160,000 comparisons: 26,620 are errors
     * (malformed patterns, bad captures) and 29,125 find or replace
     * something; 1.3 s at -O2, both states and the harness included.
     * Runs of 300,000 pairs with three other seeds, longer subjects and
     * patterns (2.4M comparisons each) found no difference either. */
    print_message("pattern: %d random pairs, %d calls (%d raise an error "
                  "in Lua, %d find or replace something), %d differ, "
                  "%.2f s\n",
                  RANDOM_PAIRS, calls, errors, found, bad, now() - t0);
    assert_int_equal(bad, 0);
}

/* ---- The pattern limit ---------------------------------------------------- */

#define HOSTILE "('a'):rep(60):find(('a-'):rep(30) .. 'b')"

/* Run src in ours; its error message (or "" on success) in out. */
static double run_ours(duo *d, const char *src, char *out, size_t n)
{
    double t0 = now();
    int rc = luaL_loadstring(d->ours, src);
    assert_int_equal(rc, LUA_OK);
    rc = lua_pcall(d->ours, 0, 0, 0);
    double t = now() - t0;
    snprintf(out, n, "%s", rc == LUA_OK ? "" : lua_tostring(d->ours, -1));
    lua_settop(d->ours, 0);
    return t;
}

static void test_pattern_hostile_stops(void **state)
{
    (void)state;
    char out[700];
    /* A small budget: stopped in 0.2 ms. */
    duo *d = duo_new(100000);
    double t = run_ours(d, "return " HOSTILE, out, sizeof out);
    assert_non_null(strstr(out, "pattern limit: matching took more than "
                                "100000 steps"));
    assert_int_equal(d->vm.limit, AY_LIMIT_PATTERN);
    print_message("pattern: hostile find stopped after 100,000 steps in "
                  "%.2f ms\n", t * 1e3);
    limit_clear(d);
    duo_free(d);

    /* The default budget of 10M steps: stopped in 20 to 50 ms. */
    d = duo_new(0);
    t = run_ours(d, "return " HOSTILE, out, sizeof out);
    assert_non_null(strstr(out, "pattern limit: matching took more than "
                                "10000000 steps"));
    assert_int_equal(d->vm.limit, AY_LIMIT_PATTERN);
    print_message("pattern: hostile find stopped after 10M steps in "
                  "%.1f ms\n", t * 1e3);
    limit_clear(d);

    /* gsub, match, gmatch, %b and back-references stop too. */
    static const char *const more[] = {
        "return ('a'):rep(60):match(('a-'):rep(30) .. 'b')",
        "return ('a'):rep(60):gsub(('a*'):rep(30) .. 'b', '')",
        "for x in ('a'):rep(60):gmatch(('a-'):rep(30) .. 'b') do end",
        "return ('('):rep(30000):find('%b()')",
        "return ('a'):rep(30000):find('(.-)%1%1b')",
        /* not hostile, only quadratic: 2.5e9 steps, which Lua's own
         * library gets through in 9 s of CPU; stopped all the same */
        "return ('a'):rep(100000):find(('a'):rep(50000) .. '.$')",
    };
    for (size_t i = 0; i < sizeof more / sizeof *more; i++) {
        run_ours(d, more[i], out, sizeof out);
        if (!strstr(out, "pattern limit"))
            fail_msg("%s: %s", more[i], out);
        limit_clear(d);
    }
    duo_free(d);
}

/* Each gmatch step has its own budget; a gsub has one for the call. */
static void test_pattern_budget_per_call(void **state)
{
    (void)state;
    duo *d = duo_new(2000);
    char out[700];
    /* 10,000 words: about 40,000 steps in all, a few each */
    run_ours(d, "local n = 0 for w in ('ab '):rep(10000):gmatch('%a+') do "
                "n = n + 1 end assert(n == 10000)",
             out, sizeof out);
    assert_string_equal(out, "");
    run_ours(d, "return ('ab '):rep(10000):gsub('%a+', 'x')", out,
             sizeof out);
    assert_non_null(strstr(out, "pattern limit"));
    limit_clear(d);
    /* plain find is linear and not counted */
    run_ours(d, "assert(('a'):rep(1000000):find(('a'):rep(1000) .. 'b', "
                "1, true) == nil)",
             out, sizeof out);
    assert_string_equal(out, "");
    duo_free(d);
}

/* A 1 MB subject, trimmed with the usual pattern, within the default
 * budget: it takes 3,878,090 steps (3.7 a byte; found by bisecting the
 * budget). Best of six runs: 33 ms, against 50 ms for Lua's matcher. */
static void test_pattern_long_input_fits(void **state)
{
    duo *d = *state;
    static const char src[] =
        "local words = {}\n"
        "for i = 1, 1024 * 1024 // 8 do words[i] = 'word' .. i % 97 end\n"
        "S = '   ' .. table.concat(words, ' ') .. '  \\n'\n"
        "S = S:sub(1, 1024 * 1024)\n"
        "return #S\n";
    double t[2];
    char out[2][256];
    for (int k = 0; k < 2; k++) {
        lua_State *L = k ? d->ours : d->ref;
        assert_int_equal(luaL_dostring(L, src), LUA_OK);
        lua_settop(L, 0);
        double t0 = now();
        run_case(L, "#S:match('^%s*(.-)%s*$'), S:find('%s*(.-)%s*$')",
                 out[k], sizeof out[k]);
        t[k] = now() - t0;
    }
    assert_string_equal(out[0], out[1]);
    assert_int_equal(strncmp(out[1], "true ", 5), 0);
    print_message("pattern: 1 MB trim: lua %.1f ms, ours %.1f ms (%s)\n",
                  t[0] * 1e3, t[1] * 1e3, out[1]);
}

/* ---- Through the engine --------------------------------------------------- */

typedef struct crit_seen {
    int n;
    char status[4][32], error[4][700];
} crit_seen;

static int on_result(void *ud, const assay_result *r)
{
    crit_seen *c = ud;
    for (int i = 0; i < assay_result_criterion_count(r) && c->n < 4; i++) {
        const char *e = assay_result_criterion_error(r, i);
        snprintf(c->status[c->n], sizeof c->status[0], "%s",
                 assay_result_criterion_status(r, i));
        snprintf(c->error[c->n], sizeof c->error[0], "%s", e ? e : "");
        c->n++;
    }
    return 0;
}

/* A script's hostile pattern ends its criterion with status `limit`, even
 * when the script catches the error; the next criterion runs normally
 * with the pattern functions it expects. */
static void test_pattern_engine_limit(void **state)
{
    (void)state;
    static const char script[] =
        "criterion { id = 'hostile', evaluate = function(p)\n"
        "  local ok = pcall(string.find, ('a'):rep(60), "
        "('a-'):rep(30) .. 'b')\n"
        "  return 1\n"
        "end }\n"
        "criterion { id = 'normal', evaluate = function(p)\n"
        "  local k, v = ('key = value'):match('(%w+)%s*=%s*(%w+)')\n"
        "  local n = select(2, ('a b c'):gsub('%a', '%0%0'))\n"
        "  local w = 0 for _ in ('x y z'):gmatch('%a') do w = w + 1 end\n"
        "  assert(k == 'key' and v == 'value' and n == 3 and w == 3)\n"
        "  assert(('abc'):find('b', 1, true) == 2)\n"
        "  return 1\n"
        "end }\n";
    assay_limits lim = {.pattern_steps = 100000};
    assay_engine *e = assay_engine_new(&lim);
    assert_non_null(e);
    int rc = assay_engine_load_script_string(e, "p.lua", script,
                                             strlen(script));
    if (rc != ASSAY_OK)
        fail_msg("script: %s", assay_engine_errmsg(e));
    crit_seen c = {0};
    const char yaml[] = "id: p1\nname: P1\n";
    rc = assay_engine_eval_string(e, "case.yaml", yaml, strlen(yaml),
                                  on_result, &c);
    assay_engine_free(e);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.status[0], "limit");
    assert_non_null(strstr(c.error[0], "pattern limit: matching took more "
                                       "than 100000 steps"));
    assert_string_equal(c.status[1], "scored");
}

/* ---- Speed ---------------------------------------------------------------- */

/* Ordinary work, timed in both states; no assertion, the numbers are for
 * reading. Best of six runs at -O2 on a shared 2-core x86-64 (seconds for
 * the repetitions in the table below; Lua's library, then ours):
 *
 *   gmatch words, 64 KB x 50             0.030  0.020
 *   gsub runs of spaces, 64 KB x 50      0.026  0.018
 *   gsub (%w+) -> <%1>, 64 KB x 50       0.035  0.027
 *   find date pattern, 64 KB x 50        0.036  0.022
 *   trim short strings x 200,000         0.081  0.062
 *   key = value on short x 200,000       0.067  0.067
 *   find plain in 1 MB x 200             0.002  0.002
 *   frontier words, 64 KB x 50           0.036  0.034
 */
static void test_pattern_speed(void **state)
{
    duo *d = *state;
    static const char setup_src[] =
        "local w = {}\n"
        "for i = 1, 64 * 1024 // 8 do\n"
        "  w[i] = (i % 13 == 0) and '2024-05-17' or ('w' .. i % 89)\n"
        "end\n"
        "TEXT = table.concat(w, '  ')\n"
        "BIG = ('abcdefgh'):rep(128 * 1024) .. 'needle'\n"
        "SHORT = {'  padded line  ', 'key = value', 'x', '   ', "
        "'a  =  b c'}\n";
    static const struct {
        const char *name, *body;
        int n;
    } work[] = {
        {"gmatch words, 64 KB", "for _ in TEXT:gmatch('%a+') do end", 50},
        {"gsub runs of spaces, 64 KB", "TEXT:gsub('%s+', ' ')", 50},
        {"gsub (%w+) -> <%1>, 64 KB", "TEXT:gsub('(%w+)', '<%1>')", 50},
        {"find date pattern, 64 KB",
         "TEXT:find('%d%d%d%d%-%d%d%-%d%dx')", 50},
        {"trim short strings", "SHORT[1]:match('^%s*(.-)%s*$')"
                               " SHORT[4]:match('^%s*(.-)%s*$')", 200000},
        {"key = value on short", "SHORT[2]:match('(%w+)%s*=%s*(%w+)')"
                                 " SHORT[5]:match('(%w+)%s*=%s*(%w+)')",
         200000},
        {"find plain in 1 MB", "BIG:find('needle', 1, true)", 200},
        {"frontier words, 64 KB", "TEXT:gsub('%f[%w]%w+', 'x')", 50},
    };
    for (int k = 0; k < 2; k++) {
        lua_State *L = k ? d->ours : d->ref;
        assert_int_equal(luaL_dostring(L, setup_src), LUA_OK);
    }
    for (size_t i = 0; i < sizeof work / sizeof *work; i++) {
        double t[2];
        for (int k = 0; k < 2; k++) {
            lua_State *L = k ? d->ours : d->ref;
            char src[512];
            snprintf(src, sizeof src,
                     "return TIME(function() %s end, %d)", work[i].body,
                     work[i].n);
            if (luaL_dostring(L, src) != LUA_OK)
                fail_msg("%s: %s", work[i].name, lua_tostring(L, -1));
            t[k] = lua_tonumber(L, -1);
            lua_settop(L, 0);
        }
        print_message("pattern speed: %-28s x%-6d lua %.3f s, ours %.3f s\n",
                      work[i].name, work[i].n, t[0], t[1]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pattern_cases_match_lua, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pattern_cases_sane, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pattern_random_match_lua, setup,
                                        teardown),
        cmocka_unit_test(test_pattern_hostile_stops),
        cmocka_unit_test(test_pattern_budget_per_call),
        cmocka_unit_test_setup_teardown(test_pattern_long_input_fits, setup,
                                        teardown),
        cmocka_unit_test(test_pattern_engine_limit),
        cmocka_unit_test_setup_teardown(test_pattern_speed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
