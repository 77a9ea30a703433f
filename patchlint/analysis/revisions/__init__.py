"""Revision against revision: patch pairing, interdiffs computed without a tree, each diff
checked once, and the changelog read against what changed."""
