"""Threading by Message-ID, In-Reply-To and References (a bounded JWZ algorithm).

Missing parents become ghost nodes, so replies to an absent message still share a thread;
links that would close a cycle are refused; only the last `limits.references` ids of a
References header are followed, which bounds the work on hostile 10,000-long chains.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.message import Diagnostic, Message


@dataclass(eq=False, slots=True)
class Node:
    """A place in a thread: a message, or a ghost for an id referenced but not present."""

    key: str
    message: Message | None = None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def is_ghost(self) -> bool:
        return self.message is None

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        hops = 0
        while node is not None and hops < 100_000:
            yield node
            node = node.parent
            hops += 1

    def walk(self) -> Iterator[Node]:
        """Depth-first, parents before children, children in date order (iterative)."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(sorted_children(node)))


def _sort_key(node: Node) -> tuple[float, int, str]:
    """A message sorts by its date; a ghost by its earliest descendant message (found
    iteratively: ghost chains can be thousands deep)."""
    stack = [node]
    best: tuple[float, int, str] | None = None
    seen = 0
    while stack and seen < 100_000:
        current = stack.pop()
        seen += 1
        msg = current.message
        if msg is not None:
            key = (msg.date.timestamp() if msg.date else 0.0, 0, msg.key)
            if best is None or key < best:
                best = key
            if current is node:
                return key
            continue
        stack.extend(current.children)
    return best if best is not None else (0.0, 0, node.key)


def sort_key(node: Node) -> tuple[float, int, str]:
    """Where a thread (its root `node`) sorts among the threads: by its first message."""
    return _sort_key(node)


def sorted_children(node: Node) -> list[Node]:
    return sorted(node.children, key=_sort_key)


def _would_cycle(parent: Node, child: Node) -> bool:
    if parent is child:
        return True
    if not child.children:  # a leaf cannot be an ancestor of anything
        return False
    return any(anc is child for anc in parent.ancestors())


def _link(parent: Node, child: Node) -> bool:
    if child.parent is parent:
        return True
    if _would_cycle(parent, child):
        return False
    if child.parent is not None:
        child.parent.children.remove(child)
    child.parent = parent
    parent.children.append(child)
    return True


@dataclass(slots=True)
class ThreadIndex:
    """All nodes by key, and the thread roots in date order."""

    nodes: dict[str, Node]
    roots: list[Node]


def build_threads(
    messages: list[Message],
    diagnostics: list[Diagnostic],
    limits: Limits = DEFAULT_LIMITS,
    ghosts: list[Diagnostic] | None = None,
) -> ThreadIndex:
    """Link every message under its parent; messages must already have unique keys. The
    notes about parents missing from the input go to `ghosts` when given (they follow every
    other threading note: grouping in units, `model.grouping.group_unit`, merges each kind
    in its own place), else to `diagnostics`."""
    max_refs = limits.references
    nodes: dict[str, Node] = {}

    def get(key: str) -> Node:
        node = nodes.get(key)
        if node is None:
            node = nodes[key] = Node(key=key)
        return node

    for msg in messages:
        get(msg.key).message = msg
    for msg in messages:
        node = nodes[msg.key]
        refs = list(msg.references)
        if len(refs) > max_refs:
            diagnostics.append(
                Diagnostic(
                    msg.message_id,
                    f"References header has {len(refs):,} ids; only the last {max_refs:,} used "
                    "(limits.references)",
                    msg.source,
                )
            )
            refs = refs[-max_refs:]
        if msg.in_reply_to and (not refs or refs[-1] != msg.in_reply_to):
            if msg.in_reply_to in refs:
                refs.remove(msg.in_reply_to)
            refs.append(msg.in_reply_to)
        refs = [r for r in refs if r != msg.key]
        # chain the references (earlier link info is kept, it only fills gaps)
        for a, b in itertools.pairwise(refs):
            child = get(b)
            if child.parent is None:
                _link(get(a), child)
        if refs:
            parent = get(refs[-1])
            if not _link(parent, node):
                diagnostics.append(
                    Diagnostic(msg.message_id, "reference cycle: reply link ignored", msg.source)
                )
    roots = [n for n in nodes.values() if n.parent is None]
    roots.sort(key=_sort_key)
    missing = diagnostics if ghosts is None else ghosts
    for node in nodes.values():
        mail = node.message
        if mail is not None and node.parent is not None and node.parent.is_ghost:
            missing.append(
                Diagnostic(
                    mail.message_id, f"parent <{node.parent.key}> is not in the input", mail.source
                )
            )
    return ThreadIndex(nodes=nodes, roots=roots)
