"""The import structure of ``termalign/``: no cycles, layers import only downwards, no god modules.

The rules (issue 12):

* no import cycle between modules (imports inside functions count; imports under ``if TYPE_CHECKING:`` do not,
  as they never run);
* ``termalign.formats`` reads and writes files: it never imports an algorithm (the aligner, anchors, the
  dictionary, term extraction, the checks' algorithms, the report's layout);
* ``termalign.lang`` (language knowledge) is the bottom layer: it imports no stage;
* only ``termalign.cli`` ends the process (``sys.exit``, ``raise SystemExit``, ``click.exceptions.Exit``): the
  library raises errors and returns values;
* no module is longer than 800 lines.

The graph is read from the source with :mod:`ast` (nothing is imported). ``KNOWN_VIOLATIONS`` lists the violations
of the base commit of the redesign: the test fails on any violation not in the list, and on any listed one that
has gone, so the list shrinks as the redesign lands and never grows.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "termalign"
MAX_LINES = 800

# Modules (and their submodules) that are algorithms: termalign.formats must not import them.
ALGORITHMS = (
    "termalign.align",
    "termalign.aligner",
    "termalign.terms",
    "termalign.checks",
    "termalign.report",
)
# The pipeline stages (and their submodules): termalign.lang must import none of them.
STAGES = (
    "termalign.segment",
    *ALGORITHMS,
    "termalign.glossary",
    "termalign.formats",
    "termalign.pipeline",
    "termalign.cli",
)
# The only package allowed to end the process.
EXIT_ALLOWED = ("termalign.cli",)

# Today's violations (base commit eae2d45), each to be removed from this list by the change that fixes it.
KNOWN_VIOLATIONS: frozenset[str] = frozenset()  # every violation of the base commit is fixed; keep it empty


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module
    lines: int


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def read_package(root: Path) -> dict[str, Module]:
    """Every module of the package at ``root``, parsed."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = _module_name(path, root)
        modules[name] = Module(name, path, ast.parse(text, str(path)), len(text.splitlines()))
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node that can run: the body of ``if TYPE_CHECKING:`` is left out (its ``else`` is kept)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _resolve(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.name.split(".")
    if module.path.name != "__init__.py":
        package.pop()
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports(module: Module, known: dict[str, Module]) -> set[str]:
    """The modules of the package that ``module`` imports at run time (function-level imports included).

    ``from a import b`` counts as an import of the module ``a.b`` when there is one, else of ``a``;
    ``importlib.import_module("a.b")`` with a literal name counts too.
    """
    found: set[str] = set()

    def add(name: str) -> None:
        while name and name not in known:  # ``import a.b.C``-style references: the longest known prefix
            name = name.rpartition(".")[0]
        if name and name != module.name:
            found.add(name)

    for node in _runtime_nodes(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            for alias in node.names:
                add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            add(node.args[0].value)
    return found


def import_graph(modules: dict[str, Module]) -> dict[str, set[str]]:
    return {name: imports(module, modules) for name, module in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _ends_process(tree: ast.AST) -> Iterator[int]:
    """Line numbers of ``sys.exit(...)``, ``os._exit(...)``, ``exit()``/``quit()``, ``raise SystemExit`` and
    ``raise ...Exit`` (click's)."""
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = (func.value.id, func.attr) if (
                isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)) else (
                ("", func.id) if isinstance(func, ast.Name) else None)
            if called in {("sys", "exit"), ("os", "_exit"), ("", "exit"), ("", "quit")}:
                yield node.lineno
        elif isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            name = exc.id if isinstance(exc, ast.Name) else exc.attr if isinstance(exc, ast.Attribute) else ""
            if name in {"SystemExit", "Exit"}:
                yield node.lineno


def violations(root: Path, modules: dict[str, Module] | None = None) -> set[str]:
    """Every rule broken by the package at ``root`` (see the module docstring), one line each; ``modules`` are
    its modules when already read."""
    modules = read_package(root) if modules is None else modules
    graph = import_graph(modules)
    top = root.name
    found = {f"cycle: {', '.join(component)}" for component in cycles(graph)}

    def rename(prefixes: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(top + p.removeprefix("termalign") for p in prefixes)

    for name, targets in graph.items():
        for target in sorted(targets):
            if _within(name, (f"{top}.formats",)) and _within(target, rename(ALGORITHMS)):
                found.add(f"formats imports an algorithm: {name} -> {target}")
            if _within(name, (f"{top}.lang",)) and _within(target, rename(STAGES)):
                found.add(f"lang imports a stage: {name} -> {target}")
    for name, module in modules.items():
        if not _within(name, rename(EXIT_ALLOWED)):
            for line in _ends_process(module.tree):
                found.add(f"ends the process outside the CLI: {name} line {line}")
        if module.lines > MAX_LINES:
            found.add(f"too long: {name}")
    return found


# ------------------------------------------------------------------------------------------------ termalign


@lru_cache(maxsize=1)
def _termalign_modules() -> dict[str, Module]:
    return read_package(PACKAGE)


@lru_cache(maxsize=1)
def _termalign_violations() -> frozenset[str]:
    return frozenset(violations(PACKAGE, _termalign_modules()))


def test_no_new_violation() -> None:
    new = _termalign_violations() - KNOWN_VIOLATIONS
    assert not new, "import structure broken (see tests/test_architecture.py):\n" + "\n".join(sorted(new))


def test_known_violations_are_still_there() -> None:
    """A violation that has been fixed leaves KNOWN_VIOLATIONS, so it cannot come back unnoticed."""
    gone = KNOWN_VIOLATIONS - _termalign_violations()
    assert not gone, "fixed: remove from KNOWN_VIOLATIONS in tests/test_architecture.py:\n" + "\n".join(sorted(gone))


def test_report_does_layout_only() -> None:
    """termalign.report lays the page out; running the checks is the caller's job (cli/report_cmd.py)."""
    graph = import_graph(_termalign_modules())
    assert "termalign.report" in graph
    assert not [t for t in graph["termalign.report"] if _within(t, ("termalign.checks",))]


def test_the_graph_sees_the_package() -> None:
    """The analysis is not vacuous on the real package: it finds the modules and their imports."""
    graph = import_graph(_termalign_modules())
    assert "termalign.cli" in graph and "termalign.model" in graph
    assert sum(len(targets) for targets in graph.values()) > 100
    assert any("termalign.model" in targets for targets in graph.values())


# ------------------------------------------------------------------------------------------------ the checker


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "termalign"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(("files", "expected"), [
    # a cycle through a function-level import
    ({"a.py": "from termalign import b\n", "b.py": "def f():\n    import termalign.a\n"},
     {"cycle: termalign.a, termalign.b"}),
    # relative imports resolve, and a package's names point at the package
    ({"p/__init__.py": "from .x import y\n", "p/x.py": "from termalign.p import z\ny = 1\n"},
     {"cycle: termalign.p, termalign.p.x"}),
    # importlib with a literal name
    ({"a.py": "import importlib\nimportlib.import_module('termalign.b')\n", "b.py": "import termalign.a\n"},
     {"cycle: termalign.a, termalign.b"}),
    ({"formats/__init__.py": "", "formats/po.py": "from termalign.terms.pairing import x\n",
      "terms/__init__.py": "", "terms/pairing.py": "x = 1\n"},
     {"formats imports an algorithm: termalign.formats.po -> termalign.terms.pairing"}),
    ({"lang/__init__.py": "", "lang/base.py": "from termalign import glossary\n", "glossary.py": ""},
     {"lang imports a stage: termalign.lang.base -> termalign.glossary"}),
    ({"align.py": "import sys\ndef f():\n    sys.exit(2)\n"},
     {"ends the process outside the CLI: termalign.align line 3"}),
    ({"align.py": "def f():\n    raise SystemExit(1)\n"}, {"ends the process outside the CLI: termalign.align line 2"}),
    ({"align.py": "import click\ndef f():\n    raise click.exceptions.Exit(0)\n"},
     {"ends the process outside the CLI: termalign.align line 3"}),
    ({"long.py": "x = 1\n" * (MAX_LINES + 1), "short.py": "x = 1\n" * MAX_LINES}, {"too long: termalign.long"}),
])
def test_checker_finds_each_kind_of_violation(tmp_path: Path, files: dict[str, str], expected: set[str]) -> None:
    assert violations(_package(tmp_path, files)) == expected


def test_checker_accepts_what_the_rules_allow(tmp_path: Path) -> None:
    root = _package(tmp_path, {
        # an import needed only by the type checker is no cycle
        "a.py": "from typing import TYPE_CHECKING\nimport termalign.model\n"
                "if TYPE_CHECKING:\n    from termalign import b\n",
        "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import termalign.a\nelse:\n    pass\n",
        # the CLI may end the process; formats may import the model
        "cli/__init__.py": "import sys\ndef main():\n    sys.exit(0)\n",
        "formats/__init__.py": "from termalign import model\n",
        "model.py": "",
        "lang/__init__.py": "from termalign.lang import base\n",
        "lang/base.py": "from termalign import model\n",
    })
    assert violations(root) == set()
