-- A script that returns a table of criteria instead of declaring them:
-- it declares no criterion, so it is rejected (exit 3).
-- expect-exit: 3
-- expect-stderr: ^assay: return_table_only\.lua: .*no criterion

return {
  { id = "ok", evaluate = function(p) return 1 end },
}
