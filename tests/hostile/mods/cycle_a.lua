-- Helper modules that require each other. Used by require_cycle.lua.
return { b = require "mods.cycle_b" }
