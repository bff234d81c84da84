/*
 * fuzz_cases.c -- libFuzzer target: the input is a YAML case file.
 *
 * A fixed script that reads everything a case can offer (every indicator
 * and its attributes, fields by dotted path, including paths and ids taken
 * from the input itself) evaluates the input through the public API; each
 * result is read through every accessor and rendered as JSON. Limits are
 * small, so that the document, node, scalar and key limits are reachable
 * by inputs of a few KiB.
 */
#include "fuzz_common.h"

static const char SCRIPT[] =
    "local ATTRS = { 'id', 'value', 'status', 'unit', 'evidence',\n"
    "                'locator', 'confidence' }\n"
    "local ORD = { present = 1, partial = 0.5, absent = 0 }\n"
    "local FIELDS = { 'id', 'name', 'country', 'sector', 'sector.1',\n"
    "  'period', 'agencies', 'agencies.1', 'agencies.2', 'target_group',\n"
    "  'target_group.beneficiary_is_producer', 'target_group.clustered',\n"
    "  'sources', 'sources.1', 'sources.1.id', 'sources.1.citation',\n"
    "  'sources.2.id', 'sources.0', 'sources.-1', 'sources.x',\n"
    "  'indicators', 'indicators.DEM1', 'a.b.c.d.e.f', '', '.', 'a..b',\n"
    "  'target_group.', '.target_group', 'sector.1.2' }\n"
    "\n"
    "local function touch(ind)\n"
    "  local n = 0\n"
    "  for _, k in ipairs(ATTRS) do\n"
    "    local v = ind[k]\n"
    "    if v ~= nil then n = n + #tostring(v) end\n"
    "  end\n"
    "  local s = ind.source\n"
    "  if type(s) == 'table' then\n"
    "    n = n + #tostring(s.id) + #tostring(s.citation)\n"
    "  end\n"
    "  return n\n"
    "end\n"
    "\n"
    "criterion {\n"
    "  id = 'all', title = 'Every indicator', group = 'fuzz', weight = 1,\n"
    "  bands = { { 'present', at_least = 0.75 }, { 'partial', at_least = 0.25 },\n"
    "            { 'absent' } },\n"
    "  evaluate = function(p)\n"
    "    local n, stated = 0, 0\n"
    "    for id, ind in p:indicators() do\n"
    "      n = n + 1\n"
    "      touch(ind)\n"
    "      local again = p:indicator(id)\n"
    "      if again then touch(again) end\n"
    "      local v = p:value(id)\n"
    "      if p:has(id) then stated = stated + 1 end\n"
    "      if ind.status == 'stated' and v == nil then error('value lost') end\n"
    "    end\n"
    "    if n == 0 then return nil, 'no indicators' end\n"
    "    return stated / n, ('%d of %d stated'):format(stated, n)\n"
    "  end,\n"
    "}\n"
    "\n"
    "criterion {\n"
    "  id = 'ordinal', weight = 2,\n"
    "  bands = { { 'high', at_least = 0.5, when = function(p, r)\n"
    "              return p:field('target_group.clustered') ~= false end },\n"
    "            { 'low' } },\n"
    "  evaluate = function(p)\n"
    "    local sum, n = 0, 0\n"
    "    for id, ind in p:indicators() do\n"
    "      local v = ind.value\n"
    "      if type(v) == 'string' and ORD[v] then\n"
    "        sum, n = sum + ORD[v], n + 1\n"
    "      elseif type(v) == 'number' then\n"
    "        local u = ind.unit\n"
    "        local s = u == 'percent' and v / 100 or v\n"
    "        if s >= 0 and s <= 1 then sum, n = sum + s, n + 1 end\n"
    "      elseif type(v) == 'boolean' then\n"
    "        sum, n = sum + (v and 1 or 0), n + 1\n"
    "      end\n"
    "    end\n"
    "    if n == 0 then return nil, 'nothing to score' end\n"
    "    return sum / n\n"
    "  end,\n"
    "}\n"
    "\n"
    "criterion {\n"
    "  id = 'fields', weight = 0.5,\n"
    "  evaluate = function(p)\n"
    "    local hit = 0\n"
    "    local t = { p.id, p.name, p.file, p.line }\n"
    "    for _, f in ipairs(FIELDS) do\n"
    "      if p:field(f) ~= nil then hit = hit + 1 end\n"
    "    end\n"
    "    -- paths and ids chosen by the input\n"
    "    for id, ind in p:indicators() do\n"
    "      p:field(id)\n"
    "      for _, k in ipairs({ 'evidence', 'locator', 'unit', 'value' }) do\n"
    "        local s = ind[k]\n"
    "        if type(s) == 'string' then\n"
    "          p:field(s)\n"
    "          p:value(s)\n"
    "          p:has(s)\n"
    "        end\n"
    "      end\n"
    "    end\n"
    "    local c = p:field('country')\n"
    "    if type(c) == 'string' then p:field(c) p:indicator(c) end\n"
    "    return hit / #FIELDS, 'fields ' .. tostring(p:field('country'))\n"
    "  end,\n"
    "}\n"
    "\n"
    "criterion {\n"
    "  id = 'readonly', weight = 0,\n"
    "  evaluate = function(p)\n"
    "    local ok1 = pcall(function() p.id = 'x' end)\n"
    "    local ok2 = false\n"
    "    for id, ind in p:indicators() do\n"
    "      ok2 = pcall(function() ind.value = 1 end)\n"
    "      break\n"
    "    end\n"
    "    local tg = p:field('target_group')\n"
    "    if type(tg) == 'table' then pcall(function() tg.x = 1 end) end\n"
    "    if ok1 or ok2 then error('project written') end\n"
    "    return p:value('DEM1') == 'present'\n"
    "  end,\n"
    "}\n"
    "\n"
    "weighting {\n"
    "  aggregate = 'weighted_mean',\n"
    "  verdicts = {\n"
    "    { 'out_of_scope', when = function(p, r)\n"
    "        return p:field('target_group.beneficiary_is_producer') == false end },\n"
    "    { 'insufficient_evidence', coverage_below = 0.5 },\n"
    "    { 'strong', at_least = 0.75 },\n"
    "    { 'partial', at_least = 0.5 },\n"
    "    { 'weak' },\n"
    "  },\n"
    "}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    assay_engine *e = fz_engine(FZ_CASES);
    if (!e)
        return 0;
    int rc = assay_engine_load_script_string(e, "cases.lua", SCRIPT,
                                             sizeof SCRIPT - 1);
    if (rc != ASSAY_OK)
        fz_fail("the fixed script does not load", assay_engine_errmsg(e));
    fz_touch_script(e);
    char *text = fz_copy(data, size);
    if (text) {
        rc = assay_engine_eval_string(e, "fuzz.yaml", text, size,
                                      fz_on_result, e);
        fz_check_status(e, rc);
        free(text);
    }
    assay_engine_free(e);
    return 0;
}
