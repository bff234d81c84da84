-- Helper modules that require each other. Used by require_cycle.lua.
return { a = require "mods.cycle_a" }
