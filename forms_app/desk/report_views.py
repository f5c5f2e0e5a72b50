"""Reports per period and unit, as a page and as CSV."""
