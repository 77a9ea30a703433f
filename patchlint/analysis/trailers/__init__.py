"""Trailers: where every trailer of a series came from (`lineage`), and what is wrong with a
single trailer or with a patch's sign-offs (`checks`). Who is who is `analysis.people`."""
