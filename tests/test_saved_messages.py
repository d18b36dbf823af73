"""Saved messages are typed: every tag a screen posts or a handler asks for is a member of ``Change``, a
string tag (the old form, where a typo silently never matched) is refused where it is made or compared,
and no member is left that nothing posts."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tui.workers import Change, Saved, StoreWorkMixin, WriteOrder

TUI = Path(__file__).resolve().parent.parent / "tui"


def _trees() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(TUI.rglob("*.py"))]


def _change_names(tree: ast.AST) -> list[tuple[int, str]]:
    return [
        (node.lineno, node.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Change"
    ]


def test_every_tag_in_the_tui_is_a_member():
    used = [(path, line, name) for path, tree in _trees() for line, name in _change_names(tree)]
    assert len(used) > 30  # the posters and the handlers of every screen that saves
    unknown = [f"{path.name}:{line} Change.{name}" for path, line, name in used if name not in Change.__members__]
    assert unknown == []


def test_no_handler_compares_what_with_a_string():
    found = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            sides = [node.left, *node.comparators]
            asks_what = any(isinstance(s, ast.Attribute) and s.attr == "what" for s in sides)
            strings = [
                s
                for s in sides
                if (isinstance(s, ast.Constant) and isinstance(s.value, str))
                or (isinstance(s, ast.Tuple | ast.List | ast.Set) and any(isinstance(e, ast.Constant) for e in s.elts))
            ]
            if asks_what and strings:
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def _is_change(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Change"


def test_every_member_is_posted_somewhere():
    """A member nothing posts is a handler that can never run (the typo the tags used to allow)."""
    posted: set[str] = set()
    for _path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):  # self.save(Change.X, …), self._store(Change.X, …), Saved(Change.X)
                posted |= {a.attr for a in node.args if _is_change(a) and isinstance(a, ast.Attribute)}
            elif isinstance(node, ast.Assign):  # what = Change.X if … else Change.Y; what, write = Change.X, …
                value = node.value
                candidates = (
                    [value.body, value.orelse]
                    if isinstance(value, ast.IfExp)
                    else value.elts[:1]
                    if isinstance(value, ast.Tuple)
                    else [value]
                )
                posted |= {c.attr for c in candidates if _is_change(c) and isinstance(c, ast.Attribute)}
    assert set(Change.__members__) - posted == set()


def test_a_string_tag_is_refused_where_it_is_made():
    with pytest.raises(TypeError, match=r"Change\.ADDED"):
        Saved("added")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Change\.ADDED"):
        _ = Change.ADDED == "added"
    with pytest.raises(TypeError, match=r"Change\.ACTIE"):
        _ = "actie" in (Change.ACTIE, Change.ACTIE_WEG)  # a handler's tuple of old tags
    saved = Saved(Change.ADDED, 7)
    assert saved.what is Change.ADDED and saved.value == 7
    assert saved.what in (Change.REMOVED, Change.ADDED) and saved.what != Change.REMOVED
    assert {Change.ADDED: "ja"}[saved.what] == "ja"


def test_save_refuses_a_string_before_it_writes():
    class App:
        write_order = WriteOrder()

    class Screen(StoreWorkMixin):
        app = App()

    written = []
    with pytest.raises(TypeError, match=r"Change\.OPENED"):
        Screen().save("opened", lambda: written.append(1))  # type: ignore[arg-type]
    assert written == []
    assert App.write_order.ticket() == 0  # no ticket taken: later writes do not wait for it
