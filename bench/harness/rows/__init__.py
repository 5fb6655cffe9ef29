"""One module per row of the report, each measuring a path and its baseline in the same run."""
