-- The same looping error object, raised while the script loads: the
-- script is rejected (exit 3) with a message that names the script, and
-- the engine does not hang.
-- expect-exit: 3
-- expect-stderr: ^assay: error_tostring_load\.lua(:10)?: \S
-- max-seconds: 10

criterion { id = "ok", evaluate = function(p) return 1 end }

error(setmetatable({}, { __tostring = function() while true do end end }))
