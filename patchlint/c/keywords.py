"""The words of C that are never a name: one set for every analysis that tells names from
syntax (a rename, a call, a function a hunk sits in, the code words a review asks for).

C11's keywords and the kernel's literals `true`, `false` and `NULL`. Qualifiers and
annotations that change no logic are a different question (`analysis/trailers/code_tokens`
`QUALIFIERS`), and so are the English words a condition's text is stripped of.
"""

from __future__ import annotations

C_KEYWORDS = frozenset(
    {
        # statements
        "if",
        "else",
        "for",
        "while",
        "do",
        "switch",
        "case",
        "default",
        "return",
        "goto",
        "break",
        "continue",
        # types and their makers
        "void",
        "char",
        "short",
        "int",
        "long",
        "float",
        "double",
        "signed",
        "unsigned",
        "bool",
        "_Bool",
        "struct",
        "union",
        "enum",
        "typedef",
        # storage classes and qualifiers
        "static",
        "extern",
        "register",
        "auto",
        "const",
        "volatile",
        "restrict",
        "inline",
        # operators and C11 additions
        "sizeof",
        "_Alignas",
        "_Alignof",
        "_Atomic",
        "_Generic",
        "_Noreturn",
        "_Static_assert",
        "_Thread_local",
        # literals
        "true",
        "false",
        "NULL",
    }
)
