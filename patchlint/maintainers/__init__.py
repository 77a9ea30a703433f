"""MAINTAINERS files (Linux and Xen format): sections, file patterns, who covers a path."""

from patchlint.maintainers.file import (
    MaintainersFile,
    Section,
    SectionMatch,
    find_maintainers,
    parse_maintainers,
    read_maintainers,
)

__all__ = [
    "MaintainersFile",
    "Section",
    "SectionMatch",
    "find_maintainers",
    "parse_maintainers",
    "read_maintainers",
]
