"""What patchlint knows about C, in one place: the tree-sitter language, parsers and query
cache (`language`), the C fragments of a hunk's pre- and post-image (`fragments`), code,
comment and literal columns of a line (`text`), the nodes of a fragment by type, read in one
pass every rule shares (`index`), node and declarator helpers (`syntax`,
`declarators`), C types and their comparison (`types`, `annotations`, `compat`), and the
ops-struct prototype KB (`kb`).

It sits below analysis, engine and the rules: it imports only errors, limits and model.
"""
