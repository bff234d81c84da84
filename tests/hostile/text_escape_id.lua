-- A criterion id with an escape sequence is refused when the script loads
-- (ids are names: letters, digits, '_', '.', '-'), so no report ever holds
-- one; the message on stderr does not echo it raw.
-- expect-exit: 3
-- expect-stderr: ^assay: text_escape_id\.lua:7:13: criterion: 'id' must be a name

criterion { id = "c\27[2J\194\155", evaluate = function(p) return 1 end }
