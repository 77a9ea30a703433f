"""mtu-offload-state: an MTU set or refused under a test of the scatter-gather offload
*state* (`features & NETIF_F_SG`, `dev->features & NETIF_F_SG`) instead of a capability.

What counts as state: the `features` / `wanted_features` field of a device, a
`netdev_features_t` parameter (or any parameter of a `*features*` hook: ndo_set_features,
ndo_fix_features), and a local initialised or assigned from one of those. What counts as a
capability, and is never reported: `hw_features`, `vlan_features` and the other `*_features`
fields, and any driver flag that is not a feature mask (`vif->can_sg`).

Only the buffer-shape flags are judged (NETIF_F_SG, NETIF_F_FRAGLIST): with LRO, GRO or XDP
on, a smaller MTU is a real constraint of the current state, not a mistake.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from patchlint import lazyre
from patchlint.c.declarators import declared_name, function_declarator, function_name_node
from patchlint.c.syntax import enclosing_function, node_text, walk
from patchlint.engine.context import Hit, RuleContext

FLAG = lazyre.compile(r"\bNETIF_F_(?:SG|FRAGLIST)\b")
STATE_FIELDS = frozenset({"features", "wanted_features"})
MTU_NAME = lazyre.compile(r"^(?:\w+_)?mtu$")
SET_MTU = lazyre.compile(r"^(?:__)?(?:dev|netif)_set_mtu(?:_ext)?$")
ERRNO_RETURN = lazyre.compile(r"^return\s*(?:\(\s*)?-\s*E[A-Z0-9_]+")


def _is_state_param(name: str, func: Node) -> bool:
    """`name` is a parameter of `func` that carries a feature set: typed netdev_features_t,
    or any parameter of a function named like a features hook."""
    decl = function_declarator(func)
    params = decl.child_by_field_name("parameters") if decl is not None else None
    if params is None:
        return False
    hook = "features" in node_text(function_name_node(func))
    for param in params.named_children:
        if param.type != "parameter_declaration":
            continue
        if declared_name(param.child_by_field_name("declarator")) != name:
            continue
        kind = node_text(param.child_by_field_name("type"))
        return kind == "netdev_features_t" or (hook and "features" in name)
    return False


def _is_state_local(name: str, func: Node, depth: int) -> bool:
    """`name` is a local given a state value (`u32 features = dev->features;`)."""
    for node in walk(func):
        value = None
        if (
            node.type == "init_declarator"
            and declared_name(node.child_by_field_name("declarator")) == name
        ):
            value = node.child_by_field_name("value")
        elif (
            node.type == "assignment_expression"
            and node_text(node.child_by_field_name("left")) == name
        ):
            value = node.child_by_field_name("right")
        if value is not None and _mentions_state(value, func, depth + 1):
            return True
    return False


def _is_state(node: Node, func: Node | None, depth: int) -> bool:
    if node.type == "parenthesized_expression" and node.named_child_count == 1:
        return _is_state(node.named_children[0], func, depth)
    if node.type == "field_expression":
        return node_text(node.child_by_field_name("field")) in STATE_FIELDS
    if node.type == "identifier" and func is not None and depth < 3:
        name = node_text(node)
        return _is_state_param(name, func) or _is_state_local(name, func, depth)
    return False


def _mentions_state(node: Node, func: Node | None, depth: int) -> bool:
    """The expression reads a feature-state value (for locals' initialisers)."""
    return any(
        _is_state(n, func, depth)
        for n in walk(node)
        if n.type in ("field_expression", "identifier")
    )


def _state_test(cond: Node, func: Node | None) -> Node | None:
    """The first `state & NETIF_F_SG` inside a condition."""
    for node in walk(cond):
        if node.type != "binary_expression":
            continue
        op = node.child_by_field_name("operator")
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if op is None or op.type != "&" or left is None or right is None:
            continue
        for flag, value in ((right, left), (left, right)):
            if FLAG.search(node_text(flag)) and _is_state(value, func, 0):
                return node
    return None


def _mtu_changes(root: Node) -> Iterator[Node]:
    """Assignments to an MTU (`dev->mtu = `, `max_mtu = `) and dev_set_mtu() calls."""
    for node in walk(root):
        if node.type == "assignment_expression":
            left = node.child_by_field_name("left")
            target = (
                left.child_by_field_name("field")
                if (left is not None and left.type == "field_expression")
                else left
            )
            if target is not None and MTU_NAME.match(node_text(target)):
                yield node
        elif node.type == "call_expression" and SET_MTU.match(
            node_text(node.child_by_field_name("function"))
        ):
            yield node


def _controlling_tests(node: Node, func: Node | None) -> Iterator[Node]:
    """State tests that decide whether (or to what) `node` sets the MTU: in the value it
    assigns, or in the condition of an `if`/`?:` it sits in a branch of."""
    for part in ("right", "arguments"):
        value = node.child_by_field_name(part)
        if value is not None:
            test = _state_test(value, func)
            if test is not None:
                yield test
    child, parent = node, node.parent
    while parent is not None and parent.type != "function_definition":
        if parent.type in ("if_statement", "conditional_expression"):
            cond = parent.child_by_field_name("condition")
            if cond is not None and child != cond:
                test = _state_test(cond, func)
                if test is not None:
                    yield test
        child, parent = parent, parent.parent


def _refusals(root: Node) -> Iterator[Node]:
    """`if (<mentions an mtu> ...) return -EXXX;`: an MTU refused under the condition."""
    for node in walk(root):
        if node.type != "if_statement":
            continue
        cond, then = node.child_by_field_name("condition"), node.child_by_field_name("consequence")
        if cond is None or then is None:
            continue
        mentions_mtu = any(
            n.type in ("identifier", "field_identifier") and MTU_NAME.match(node_text(n))
            for n in walk(cond)
        )
        refuses = any(
            n.type == "return_statement" and ERRNO_RETURN.match(node_text(n)) for n in walk(then)
        )
        if mentions_mtu and refuses:
            yield node


def check(ctx: RuleContext) -> Iterator[Hit]:
    for view in ctx.files:
        added = view.added_numbers
        for frag in view.fragments():
            source = frag.source.decode("utf-8", "replace")
            if "mtu" not in source or not FLAG.search(source):
                continue  # cheap: most fragments never name the flags, so never parse
            root = frag.tree.root_node
            found: list[tuple[Node, Node, str]] = []
            for change in _mtu_changes(root):
                for test in _controlling_tests(change, enclosing_function(change)):
                    found.append((test, change, "sets the MTU"))
            for refusal in _refusals(root):
                cond = refusal.child_by_field_name("condition")
                assert cond is not None
                refused_on = _state_test(cond, enclosing_function(refusal))
                if refused_on is not None:
                    found.append((refused_on, refusal, "refuses an MTU"))
            for test, where, verb in found:
                lines = [frag.line_of(test), frag.line_of(where)]
                line = next((n for n in lines if n in added), None)
                if line is None:
                    continue
                shown = " ".join(node_text(test).split())
                yield ctx.hit(
                    view,
                    line,
                    f"{verb} on the SG offload state `{shown}`: decide it on "
                    "a capability (hw_features, the driver's own flag)",
                    test=shown,
                )
