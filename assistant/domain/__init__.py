"""Pure domain core: standard library only (a test enforces it). Time is always passed in."""
