"""The organisations above and at the county (issue 29, its first slice): the tree the owner registers."""
