-- reads: the loop the per-read scripts share (a module for `make bench`)
--
--   require "reads"(function(p, name) return p:value(name) end, "indicator")
--
-- Declares CRITERIA criteria; each calls read(p, name) once for each of
-- the NAMES (indicator ids, or field paths with kind "field") and scores 1.
-- The scripts reads-value, reads-indicator and reads-field pass a function
-- that reads; reads-none passes one that returns its argument, so the four
-- run the same loop and differ only in the reads. In each criterion every
-- name is read once, as the stock scripts read (so each read is recorded
-- as evidence and shown in the report). Both shapes of tests/bench/gen.py
-- write every name below. tests/bench/run.py takes the number of reads a
-- project (CRITERIA times the names) from the evidence in the report.

local CRITERIA = 16

local NAMES = {
  indicator = { "CAP1", "CAP2", "CAP3", "CAP4", "DEM1", "DEM2", "DEM3", "DEM4",
                "GRP1", "GRP2", "GRP3", "GRP4", "INC1", "INC2", "INC3", "INC4" },
  -- scalars, as a script reads fields (a mapping would come back as a
  -- fresh table)
  field = { "id", "name", "target_group.beneficiary_is_producer",
            "target_group.clustered", "sources.1.id", "sources.1.citation" },
}

return function(read, kind)
  local names = NAMES[kind]
  for c = 1, CRITERIA do
    criterion {
      id = ("c%02d"):format(c),
      evaluate = function(p)
        for i = 1, #names do
          read(p, names[i])
        end
        return 1
      end,
    }
  end
end
