-- Bad
error("\27[2J boom")
