"""The format registries (termalign.formats.registry): the CLI offers exactly their formats, every reader and
writer they name exists, and the format modules stay free of the algorithms (no import cycles)."""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest

from termalign.cli import align_cmd, check_cmd, glossary_cmd, terms_cmd
from termalign.formats.registry import ALIGNMENTS, FINDINGS, GLOSSARIES, REGISTRIES, TERM_LISTS, FormatRegistry

FORMATS_DIR = Path(__file__).resolve().parent.parent / "termalign" / "formats"


def _choices(command: click.Command, name: str) -> tuple[str, ...]:
    """The choices of option ``name`` of ``command`` (a subcommand path such as ``convert`` inside a group)."""
    param = next(p for p in command.params if p.name == name)
    assert isinstance(param.type, click.Choice), name
    return tuple(param.type.choices)


def _sub(group: click.Command, name: str) -> click.Command:
    assert isinstance(group, click.Group)
    return group.commands[name]


@pytest.mark.parametrize(
    ("command", "option", "expected"),
    [
        (align_cmd.command, "fmt", ("text", *ALIGNMENTS.writable)),
        (terms_cmd.command, "fmt", ("text", "table", *TERM_LISTS.names)),
        (check_cmd.command, "fmt", FINDINGS.names),
        (_sub(glossary_cmd.command, "show"), "fmt", GLOSSARIES.readable),
        (_sub(glossary_cmd.command, "validate"), "fmt", GLOSSARIES.readable),
        (_sub(glossary_cmd.command, "convert"), "from_fmt", GLOSSARIES.readable),
        (_sub(glossary_cmd.command, "convert"), "to_fmt", GLOSSARIES.writable),
    ],
)
def test_cli_format_choices_are_the_registry_names(command: click.Command, option: str,
                                                    expected: tuple[str, ...]) -> None:
    """Each ``--format``/``--from``/``--to`` offers the registry's formats (plus a command's own listing)."""
    assert _choices(command, option) == expected


@pytest.mark.parametrize("registry", REGISTRIES, ids=lambda r: r.kind)
def test_every_reader_and_writer_named_exists(registry: FormatRegistry) -> None:
    """The ``module:function`` references resolve to callables, and each format can be read or written."""
    assert registry.names, registry.kind
    for fmt in registry:
        assert fmt.reader or fmt.writer, fmt.name
        if fmt.reader:
            assert callable(fmt.read_function()), fmt.name
        if fmt.writer:
            assert callable(fmt.write_function()), fmt.name
        for ext in fmt.extensions:
            assert ext.startswith(".") and ext == ext.lower(), (fmt.name, ext)


def test_extensions_pick_formats_case_insensitively() -> None:
    assert GLOSSARIES.by_extension("Terms.TBX") == "tbx"
    assert GLOSSARIES.by_extension("draft.utf8") == "omegat"
    assert GLOSSARIES.by_extension("notes.md") is None
    assert ALIGNMENTS.by_extension("catalog.pot") == "po"
    assert ALIGNMENTS.by_extension("catalog.pot", primary=True) is None  # not an ending outputs are named with
    assert TERM_LISTS.by_extension("draft.tab") == "tsv"


def test_fixed_writer_options_pick_the_tbx_version() -> None:
    """``tbx2`` is the TBX writer with version 2: the registry's fixed options reach it."""
    from termalign.model import Glossary, GlossaryEntry

    glossary = Glossary((GlossaryEntry(source="kidney stone", target="batu ginjal"),), name="t")
    assert "<martif" in GLOSSARIES["tbx2"].write_function()(glossary)
    assert "<martif" not in GLOSSARIES["tbx"].write_function()(glossary)


def test_unknown_formats_are_refused_with_the_registry_names() -> None:
    from termalign.errors import InputError
    from termalign.formats import render
    from termalign.formats.termlist import render as render_pairs
    from termalign.glossary import write_glossary
    from termalign.model import Alignment, Glossary

    with pytest.raises(InputError, match="use one of tsv, csv, omegat, tbx, tbx2, po"):
        write_glossary(Glossary(()), "xlsx")
    with pytest.raises(ValueError, match="choose from json, tsv, po, tmx"):
        render(Alignment(source=(), target=(), beads=()), "html")
    with pytest.raises(ValueError, match="choose from json, tsv, csv, tbx, po"):
        render_pairs([], "xml")


# Modules of termalign a format module may import: data types, errors, text I/O, its sibling format modules, and
# the glossary's data-type module. Never an algorithm (aligner, checks, term extraction, report layout...).
# termalign.summary: the summary numbers of an alignment (imports only termalign.model), defined once for the
# CLI, the JSON stats and the report.
_ALLOWED = ("termalign.model", "termalign.errors", "termalign.textio", "termalign._gc", "termalign._lazy",
            "termalign.formats",
            "termalign.glossary.rows", "termalign.summary")


def _termalign_imports(path: Path) -> list[str]:
    """Every ``termalign...`` module ``path`` imports, at the top or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("termalign"):
            if node.module == "termalign":  # ``from termalign import __version__`` (the package is lazy)
                found.extend(f"termalign.{alias.name}" for alias in node.names if alias.name != "__version__")
            else:
                found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names if alias.name.startswith("termalign"))
    return found


@pytest.mark.parametrize("path", sorted(FORMATS_DIR.glob("*.py")), ids=lambda p: p.name)
def test_format_modules_import_no_algorithm(path: Path) -> None:
    """formats/ is below the algorithms: a format module that imported one would make an import cycle."""
    bad = [name for name in _termalign_imports(path)
           if not any(name == ok or name.startswith(ok + ".") for ok in _ALLOWED)]
    assert not bad, f"{path.name} imports {bad}"


def test_glossary_data_module_imports_no_format_or_loader() -> None:
    """termalign.glossary.rows, which the readers build on, imports only data types and the text normaliser
    (so no cycle back)."""
    rows = Path(__file__).resolve().parent.parent / "termalign" / "glossary" / "rows.py"
    assert set(_termalign_imports(rows)) <= {"termalign.model", "termalign.errors", "termalign.textio"}


def test_sarif_rules_are_described_by_the_caller() -> None:
    """formats/sarif.py knows no check: the descriptions come from termalign.checks.check_rules."""
    import json

    from termalign.checks import check_class, check_rules
    from termalign.formats.sarif import to_sarif

    def driver_rules(**options: object) -> dict[str, dict[str, object]]:
        log = json.loads(to_sarif([], checks=["garbled-term", "x-custom"], **options))  # type: ignore[arg-type]
        return {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}

    described = driver_rules(rules=check_rules())
    assert described["garbled-term"]["shortDescription"] == {"text": check_class("garbled-term").description}
    assert described["x-custom"]["shortDescription"] == {"text": "x-custom"}  # not a termalign check
    assert driver_rules()["garbled-term"]["shortDescription"] == {"text": "garbled-term"}
    assert set(check_rules(["garbled-term", "x-custom"])) == {"garbled-term"}


def test_importing_the_format_modules_loads_no_algorithm() -> None:
    """At run time too: importing every format module (the glossary readers included) loads no algorithm, not
    even the glossary loader (``termalign.glossary`` imports its modules on first use)."""
    import subprocess
    import sys

    modules = sorted(f"termalign.formats.{p.stem}" for p in FORMATS_DIR.glob("*.py") if p.stem != "__init__")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('termalign'))))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    allowed = ("termalign", "termalign.model", "termalign.errors", "termalign.textio", "termalign._gc",
               "termalign._lazy", "termalign.glossary", "termalign.glossary.rows", "termalign.summary")
    assert [m for m in loaded if m not in allowed and not m.startswith("termalign.formats")] == []
