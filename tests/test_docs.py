"""The documentation runs: every code block in ``docs/*.md`` and ``README.md`` that is meant to run, runs.

Conventions for fenced code blocks (the *info string* is the text after the opening fence, e.g. ```` ```sh ````):

* ```` ```python ```` blocks are executed. The blocks of one Markdown file run in document order in one shared
  namespace, so a later block can use names an earlier one defined, in a fresh Python interpreter (the one
  running the tests, started anew for each file, as a reader would run them).
* ```` ```sh ````, ```` ```shell ````, ```` ```bash ```` and ```` ```console ```` blocks are run when one of their
  commands starts with ``termalign `` (in a ``console`` block, commands are the lines starting with ``$ ``; the
  other lines are sample output and are not compared). Then *every* command of the block runs, through bash,
  with ``termalign`` meaning ``python -m termalign`` of the interpreter running the tests (the real CLI, in a
  separate process). A line ending with ``\\`` continues on the next one. Each command runs in its own shell, so
  ``cd`` and variables do not carry over; files do.
* A command must exit with status 0 unless its line ends with a comment ``# exit N``: then it must exit with
  status N (1: findings at or above ``--fail-on``; 2: usage or input error).
* Blocks that must not run carry the word ``no-test`` in their info string (```` ```sh no-test ````,
  ```` ```python no-test ````): install commands, placeholder file names, commands that need ``../shared``, the
  network or minutes of CPU. Blocks in other languages (``json``, ``po``, ``yaml``, plain ```` ``` ````...) never run.
* All the runnable blocks of one file share one fresh temporary working directory that starts with a copy of
  ``examples/`` (and nothing else): write examples against ``examples/...`` paths and write outputs to the
  current directory.

Besides running blocks, the tests check that every ``termalign`` command line shown anywhere in the docs (also in
``no-test`` and plain blocks) names an existing subcommand and existing options, and that the ready-to-copy CI
files in ``docs/ci/`` parse and invoke commands that exist and work.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC_FILES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
CI_DIR = ROOT / "docs" / "ci"
SHELL_LANGS = {"sh", "shell", "bash", "console"}
PYTHON_LANGS = {"python", "py"}
SKIP_WORD = "no-test"
COMMAND_TIMEOUT = 120  # seconds; a documented command taking longer belongs in a no-test block
EXIT_COMMENT = re.compile(r"#\s*exit\s+(\d+)\s*$")
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")


# ------------------------------------------------------------------------------------------------ parsing


def _rel(path: Path) -> str:
    """``path`` relative to the repository when it is inside it (for messages)."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


@dataclass
class Block:
    """One fenced code block of a Markdown file."""

    path: Path
    line: int  # 1-based line of the opening fence
    info: str
    body: str
    body_line: int  # 1-based line of the first body line

    @property
    def lang(self) -> str:
        return self.info.split()[0].lower() if self.info.split() else ""

    @property
    def skipped(self) -> bool:
        return SKIP_WORD in self.info.split()[1:]

    @property
    def where(self) -> str:
        return f"{_rel(self.path)}:{self.line}"


@dataclass
class Command:
    """One shell command of a block, with the exit status the doc expects."""

    text: str
    line: int
    expected: int = 0
    output: list[str] = field(default_factory=list)


def parse_blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a Markdown file, bodies dedented by the fence's indentation (list items)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = m.group("indent"), m.group("fence"), m.group("info").strip()
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines):
            stripped = lines[i].strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                break
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i].lstrip())
            i += 1
        else:
            raise AssertionError(f"{_rel(path)}:{start + 1}: code block is never closed")
        blocks.append(Block(path, start + 1, info, "\n".join(body) + "\n", start + 2))
        i += 1
    return blocks


def shell_commands(block: Block) -> list[Command]:
    """The commands of a shell block: continuation lines joined, comments and blank lines skipped."""
    console = block.lang == "console"
    commands: list[Command] = []
    pending: Command | None = None
    for offset, raw in enumerate(block.body.split("\n")):
        line_no = block.body_line + offset
        if pending is not None:
            pending.text += "\n" + raw
            if not raw.rstrip().endswith("\\"):
                commands.append(pending)
                pending = None
            continue
        if console:
            if not raw.startswith("$ "):
                if commands and raw.strip():
                    commands[-1].output.append(raw)
                continue
            raw = raw[2:]
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        command = Command(text, line_no)
        if text.endswith("\\"):
            pending = command
        else:
            commands.append(command)
    if pending is not None:
        commands.append(pending)
    for command in commands:
        m = EXIT_COMMENT.search(command.text)
        if m:
            command.expected = int(m.group(1))
    return commands


def is_termalign(text: str) -> bool:
    return text.startswith("termalign ") or text == "termalign"


def runnable(block: Block) -> bool:
    """Whether the test runs this block (see the module docstring)."""
    if block.skipped:
        return False
    if block.lang in PYTHON_LANGS:
        return True
    if block.lang in SHELL_LANGS:
        return any(is_termalign(c.text) for c in shell_commands(block))
    return False


# ------------------------------------------------------------------------------------------------ running


@pytest.fixture(scope="module")
def shim_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a ``termalign`` executable that runs this interpreter's ``python -m termalign``."""
    folder = tmp_path_factory.mktemp("bin")
    shim = folder / "termalign"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m termalign "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return folder


def _workdir(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    shutil.copytree(ROOT / "examples", work / "examples")
    return work


def _env(shim_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{shim_dir}{os.pathsep}{env.get('PATH', '')}"
    env.pop("SOURCE_DATE_EPOCH", None)
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


def run_shell_block(block: Block, cwd: Path, env: dict[str, str]) -> list[str]:
    """Run every command of ``block``; the failures, as messages naming the doc line."""
    failures = []
    for command in shell_commands(block):
        proc = subprocess.run(
            ["bash", "-c", command.text], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=COMMAND_TIMEOUT,
        )
        if proc.returncode != command.expected:
            failures.append(
                f"{_rel(block.path)}:{command.line}: `{command.text}` exited with status "
                f"{proc.returncode}, the doc says {command.expected}\n"
                f"--- stdout (end)\n{proc.stdout[-1500:]}--- stderr (end)\n{proc.stderr[-1500:]}"
            )
    return failures


# Python blocks run in a separate, fresh interpreter per Markdown file (as a reader would run them), which
# executes the blocks it is sent in one namespace and answers each with one JSON line.
PYTHON_WORKER = r"""
import contextlib, io, json, sys, traceback
namespace = {"__name__": "__docs__"}
for request in sys.stdin:
    job = json.loads(request)
    out = io.StringIO()
    reply = {"ok": True}
    try:
        code = compile(job["code"], job["filename"], "exec")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            exec(code, namespace)
    except BaseException as exc:
        lines = [tb.lineno for tb in traceback.extract_tb(exc.__traceback__) if tb.filename == job["filename"]]
        if isinstance(exc, SyntaxError) and exc.filename == job["filename"]:
            lines.append(exc.lineno)
        reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}", "line": lines[-1] if lines else None,
                 "traceback": traceback.format_exc()[-2000:]}
    reply["output"] = out.getvalue()[-2000:]
    sys.__stdout__.write(json.dumps(reply) + "\n")
    sys.__stdout__.flush()
"""


class PythonSession:
    """A fresh interpreter, started on first use, that runs the python blocks of one Markdown file in order."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.cwd, self.env = cwd, env
        self.proc: subprocess.Popen[str] | None = None

    def run(self, block: Block) -> list[str]:
        """Execute ``block``; the failure (naming the doc line of the error) if it raises."""
        if self.proc is None:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", PYTHON_WORKER], cwd=self.cwd, env=self.env, text=True, encoding="utf-8",
                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        filename = f"{_rel(block.path)}:block@{block.line}"
        self.proc.stdin.write(json.dumps({"code": block.body, "filename": filename}) + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            return [f"{_rel(block.path)}:{block.line}: the python interpreter died"]
        reply = json.loads(answer)
        if reply["ok"]:
            return []
        doc_line = block.body_line + (reply["line"] - 1 if reply["line"] else 0)
        return [f"{_rel(block.path)}:{doc_line}: python block raised {reply['error']}\n"
                f"{reply['traceback']}--- output (end)\n{reply['output']}"]

    def close(self) -> None:
        if self.proc is not None:
            if self.proc.stdin:
                self.proc.stdin.close()
            try:
                self.proc.wait(timeout=COMMAND_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _doc_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.slow  # every documented command, each in a fresh process: half of the whole suite
@pytest.mark.parametrize("doc", DOC_FILES, ids=_doc_id)
def test_doc_blocks_run(doc: Path, tmp_path: Path, shim_dir: Path) -> None:
    """Every runnable block of ``doc`` runs, in order, with the exit statuses the doc states."""
    blocks = [b for b in parse_blocks(doc) if runnable(b)]
    if not blocks:
        pytest.skip(f"{_doc_id(doc)} has no runnable code block")
    work = _workdir(tmp_path)
    env = _env(shim_dir)
    python = PythonSession(work, env)
    failures: list[str] = []
    started = time.perf_counter()
    try:
        for block in blocks:
            if block.lang in PYTHON_LANGS:
                failures += python.run(block)
            else:
                failures += run_shell_block(block, work, env)
    finally:
        python.close()
    print(f"{_doc_id(doc)}: {len(blocks)} blocks run in {time.perf_counter() - started:.1f} s")
    assert not failures, "\n\n".join(failures)


# ------------------------------------------------------------------------------- the parser's own contract


def test_block_conventions(tmp_path: Path) -> None:
    """The conventions above, on a small document: what runs, what is skipped, expected statuses."""
    doc = tmp_path / "x.md"
    doc.write_text(
        textwrap.dedent(
            """\
            ```sh
            termalign align a.txt b.txt -o a.po
            termalign check a.po   # exit 1
            termalign check \\
              --lang en a.txt
            ```

            ```sh no-test
            pip install termalign
            ```

            ```console
            $ termalign terms a b
            score  n  English
            ```

            ```sh
            python3 -m venv .venv
            ```

            1. A list item:

               ```python
               x = 1
               ```
            """
        ),
        encoding="utf-8",
    )
    blocks = parse_blocks(doc)
    assert [b.lang for b in blocks] == ["sh", "sh", "console", "sh", "python"]
    assert [runnable(b) for b in blocks] == [True, False, True, False, True]
    cmds = shell_commands(blocks[0])
    assert [c.expected for c in cmds] == [0, 1, 0]
    assert cmds[2].text.startswith("termalign check \\\n") and cmds[2].line == 4
    assert shell_commands(blocks[2])[0].output == ["score  n  English"]
    assert blocks[4].body == "x = 1\n"


def test_python_session_shares_names_and_reports_the_failing_line(tmp_path: Path) -> None:
    doc = tmp_path / "y.md"
    doc.write_text("```python\nx = 41\n```\n\n```python\ny = x + 1\nassert y == 43, y\n```\n", encoding="utf-8")
    session = PythonSession(tmp_path, dict(os.environ))
    try:
        first, second = parse_blocks(doc)
        failures = session.run(first) + session.run(second)
    finally:
        session.close()
    assert len(failures) == 1 and ":7: python block raised AssertionError: 42" in failures[0], failures


# ---------------------------------------------------------------------------- documented commands exist


def _command_options(words: list[str]) -> tuple[click.Command, list[str]] | str:
    """The click command a ``termalign ...`` word list names and the remaining words, or an error message."""
    from termalign.cli import cli

    command: click.Command = cli
    rest = list(words)
    ctx = click.Context(cli)
    while isinstance(command, click.Group):
        subs = [w for w in rest if not w.startswith("-")]
        if not subs:
            return command, rest
        name = subs[0]
        sub = command.get_command(ctx, name)
        if sub is None:
            return f"no subcommand {name!r}"
        rest = rest[rest.index(name) + 1:]
        command = sub
    return command, rest


def _unknown_options(line: str) -> list[str]:
    """Options on a ``termalign ...`` line that the command does not have (empty if all exist)."""
    line = line.split(" #", 1)[0]
    for splitter in (" | ", " > ", " && ", " || ", " 2>"):
        line = line.split(splitter, 1)[0]
    try:
        words = shlex.split(line.replace("\\\n", " "))
    except ValueError:
        words = line.split()
    words = [w.strip("[]") for w in words[1:]]
    found = _command_options(words)
    if isinstance(found, str):
        return [found]
    command, rest = found
    known = {"--help", "-h"}
    for param in command.params:
        known.update(param.opts)
        known.update(param.secondary_opts)
    if isinstance(command, click.Group):
        known.update(["--version", "--debug"])
    bad = []
    for word in rest:
        if word.startswith("--") or (word.startswith("-") and len(word) == 2 and word != "-"):
            option = word.split("=", 1)[0]
            if option not in known:
                bad.append(option)
    return bad


def documented_command_lines() -> Iterator[tuple[str, str]]:
    """(where, command) for every ``termalign`` command line in any code block of the docs."""
    for doc in DOC_FILES:
        for block in parse_blocks(doc):
            if block.lang not in SHELL_LANGS | {"", "text"}:
                continue
            for offset, raw in enumerate(block.body.split("\n")):
                text = raw.strip()
                if text.startswith("$ "):
                    text = text[2:]
                if is_termalign(text) and "SOURCE TARGET" not in text:
                    yield f"{_rel(block.path)}:{block.body_line + offset}", text


def test_documented_commands_exist() -> None:
    """Every ``termalign`` command line in the docs (runnable or not) uses real subcommands and options."""
    problems = []
    count = 0
    for where, line in documented_command_lines():
        count += 1
        bad = _unknown_options(line)
        if bad:
            problems.append(f"{where}: `{line}`: {', '.join(bad)}")
    assert count > 20, "the docs show hardly any termalign commands: is the parser broken?"
    assert not problems, "unknown subcommands or options:\n" + "\n".join(problems)


def _prose_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of a Markdown file outside fenced code blocks."""
    fence = ""
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        m = FENCE.match(line)
        if m and (not fence or (m.group("fence").startswith(fence) and not m.group("info").strip())):
            fence = "" if fence else m.group("fence")
            continue
        if not fence:
            yield n, line


def heading_anchors(path: Path) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown file (lower case, punctuation dropped, spaces to
    hyphens, ``-1``, ``-2``... for repeats)."""
    anchors: set[str] = set()
    for _, line in _prose_lines(path):
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
        candidate, n = slug, 0
        while candidate in anchors:
            n += 1
            candidate = f"{slug}-{n}"
        anchors.add(candidate)
    return anchors


LINKED_DOCS = [*DOC_FILES, ROOT / "glossaries" / "README.md", ROOT / "glossaries" / "CONTRIBUTING-terms.md",
               ROOT / "examples" / "README.md"]


def test_docs_link_targets_exist() -> None:
    """Relative links between the docs point at files that exist, and at headings that exist in them."""
    link = re.compile(r"\]\(([^)\s]+)\)")
    problems = []
    for doc in LINKED_DOCS:
        if not doc.exists():
            continue
        for n, line in _prose_lines(doc):
            for target in link.findall(line):
                if "://" in target or target.startswith("mailto:"):
                    continue
                path_part, _, anchor = target.partition("#")
                resolved = (doc.parent / path_part).resolve() if path_part else doc
                if not resolved.exists():
                    problems.append(f"{doc.relative_to(ROOT)}:{n}: {target} (no such file)")
                elif anchor and resolved.suffix == ".md" and anchor not in heading_anchors(resolved):
                    problems.append(f"{doc.relative_to(ROOT)}:{n}: {target} (no such heading)")
    assert not problems, "broken relative links:\n" + "\n".join(problems)


# ----------------------------------------------------------------------------------------- docs/ci files


class MiniYamlError(ValueError):
    """The file uses YAML outside the small subset :func:`mini_yaml` reads."""


def _scalar(text: str) -> Any:
    text = text.strip()
    if text in ("", "~", "null"):
        return None
    if text[0] in "\"'":
        quote = text[0]
        if not text.endswith(quote) or len(text) < 2:
            raise MiniYamlError(f"unterminated quoted scalar {text!r}")
        inner = text[1:-1]
        return inner.replace("''", "'") if quote == "'" else inner.replace('\\"', '"').replace("\\\\", "\\")
    if text[0] == "[":
        if not text.endswith("]"):
            raise MiniYamlError(f"unterminated flow sequence {text!r}")
        inner = text[1:-1].strip()
        return [_scalar(x) for x in inner.split(",")] if inner else []
    if text[0] in "{&*!|>%@`":
        raise MiniYamlError(f"unsupported scalar {text!r}")
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return text


def _strip_comment(line: str) -> str:
    """The line without a trailing `` # comment`` (outside quotes)."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'" and (i == 0 or line[i - 1] in " [,:-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] == " "):
            return line[:i].rstrip()
    return line.rstrip()


def mini_yaml(text: str) -> Any:
    """Parse the YAML subset the CI files use (block mappings and sequences, plain/quoted scalars, flow
    sequences of scalars, ``|`` literal blocks, comments), strictly: anything else raises MiniYamlError.

    PyYAML is not a dependency of termalign; when it is installed, another test compares the two parsers.
    """
    raw_lines = text.split("\n")
    if any("\t" in line[: len(line) - len(line.lstrip())] for line in raw_lines):
        raise MiniYamlError("tab in indentation")
    items: list[tuple[int, str, int]] = []  # (indent, content, line number)
    i = 0
    while i < len(raw_lines):
        raw = raw_lines[i]
        content = _strip_comment(raw)
        if content.strip():
            items.append((len(raw) - len(raw.lstrip(" ")), content.strip(), i + 1))
            if content.endswith(": |") or content.endswith("- |") or content.endswith(": |-"):
                indent = len(raw) - len(raw.lstrip(" "))
                block: list[str] = []
                i += 1
                while i < len(raw_lines) and (not raw_lines[i].strip() or
                                              len(raw_lines[i]) - len(raw_lines[i].lstrip(" ")) > indent):
                    block.append(raw_lines[i])
                    i += 1
                literal = textwrap.dedent("\n".join(block)).strip("\n") + "\n"
                if content.endswith("|-"):
                    literal = literal.rstrip("\n")
                items[-1] = (items[-1][0], items[-1][1].rsplit("|", 1)[0] + "\x00" + literal, items[-1][2])
                continue
        i += 1

    pos = 0

    def value_of(rest: str) -> Any:
        if "\x00" in rest:
            return rest.split("\x00", 1)[1]
        return _scalar(rest)

    def parse(indent: int) -> Any:
        nonlocal pos
        if pos >= len(items):
            return None
        first_indent, first, _ = items[pos]
        if first_indent != indent:
            raise MiniYamlError(f"line {items[pos][2]}: unexpected indentation")
        if first.startswith("- ") or first == "-":
            seq = []
            while pos < len(items) and items[pos][0] == indent and (items[pos][1].startswith("- ")
                                                                    or items[pos][1] == "-"):
                _, content, line = items[pos]
                rest = content[2:] if content != "-" else ""
                if re.match(r"^[\w.$-]+:( |$|\x00)", rest):
                    # a mapping inside a list item: re-read the item as a mapping indented two more spaces
                    items[pos] = (indent + 2, rest, line)
                    seq.append(parse(indent + 2))
                else:
                    pos += 1
                    seq.append(value_of(rest))
            return seq
        mapping: dict[str, Any] = {}
        while pos < len(items) and items[pos][0] == indent:
            _, content, line = items[pos]
            m = re.match(r"^([\w.$/-]+|\"[^\"]+\"):(?: (.*)|\x00(.*)|)$", content, re.S)
            if not m:
                raise MiniYamlError(f"line {line}: expected 'key: value', got {content!r}")
            key = m.group(1).strip('"')
            if key in mapping:
                raise MiniYamlError(f"line {line}: duplicate key {key!r}")
            pos += 1
            if m.group(3) is not None:
                mapping[key] = m.group(3)
            elif m.group(2):
                mapping[key] = value_of(m.group(2))
            elif pos < len(items) and items[pos][0] > indent:
                mapping[key] = parse(items[pos][0])
            elif pos < len(items) and items[pos][0] == indent and items[pos][1].startswith("- "):
                mapping[key] = parse(indent)  # a sequence at the key's own indentation
            else:
                mapping[key] = None
        return mapping

    result = parse(items[0][0] if items else 0)
    if pos != len(items):
        raise MiniYamlError(f"line {items[pos][2]}: unexpected indentation")
    return result


CI_FILES = ["github-actions.yml", "gitlab-ci.yml", "pre-commit-config.yaml"]


def _load_ci(name: str) -> Any:
    return mini_yaml((CI_DIR / name).read_text(encoding="utf-8"))


def _run_lines(script: Any) -> list[str]:
    """The command lines of a ``run:``/``script:`` value (a string, possibly multi-line, or a list)."""
    chunks = script if isinstance(script, list) else [script]
    lines: list[str] = []
    for chunk in chunks:
        joined = str(chunk).replace("\\\n", " ")
        lines += [ln.strip() for ln in joined.split("\n") if ln.strip() and not ln.strip().startswith("#")]
    return lines


def ci_termalign_commands() -> list[tuple[str, str]]:
    """(file, command) for every termalign command the CI files run."""
    found = []
    workflow = _load_ci("github-actions.yml")
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for line in _run_lines(step.get("run", "")):
                if is_termalign(line):
                    found.append(("github-actions.yml", line))
    for job in _load_ci("gitlab-ci.yml").values():
        if isinstance(job, dict) and "script" in job:
            for line in _run_lines(job["script"]):
                if is_termalign(line):
                    found.append(("gitlab-ci.yml", line))
    return found


def test_ci_files_parse_and_have_the_expected_shape() -> None:
    workflow = _load_ci("github-actions.yml")
    assert set(workflow) >= {"name", "on", "jobs"}
    for job in workflow["jobs"].values():
        assert job["runs-on"] and isinstance(job["steps"], list)
        for step in job["steps"]:
            assert isinstance(step, dict) and ("uses" in step or "run" in step), step
    gitlab = _load_ci("gitlab-ci.yml")
    jobs = {k: v for k, v in gitlab.items() if isinstance(v, dict) and "script" in v}
    assert jobs, "no GitLab job with a script"
    for job in jobs.values():
        assert isinstance(job["script"], list)
    precommit = _load_ci("pre-commit-config.yaml")
    hooks = [hook for repo in precommit["repos"] for hook in repo["hooks"]]
    assert hooks and all("id" in hook for hook in hooks)
    assert len(ci_termalign_commands()) >= 3


def test_ci_files_match_pyyaml() -> None:
    """When PyYAML is installed, the subset parser above reads the CI files exactly as PyYAML does."""
    yaml = pytest.importorskip("yaml", reason="PyYAML not installed; the subset parser alone checked the files")
    for name in CI_FILES:
        text = (CI_DIR / name).read_text(encoding="utf-8")
        expected = yaml.safe_load(text)
        if isinstance(expected, dict) and True in expected:  # YAML 1.1 reads the key `on` as True
            expected["on"] = expected.pop(True)
        assert mini_yaml(text) == expected, name


def test_precommit_hook_exists_and_its_args_are_options() -> None:
    hooks_file = mini_yaml((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    defined = {hook["id"]: hook for hook in hooks_file}
    for repo in _load_ci("pre-commit-config.yaml")["repos"]:
        for hook in repo["hooks"]:
            if repo["repo"] == "local":
                entry = hook["entry"]
            else:
                assert hook["id"] in defined, f"hook {hook['id']!r} is not in .pre-commit-hooks.yaml"
                entry = defined[hook["id"]]["entry"]
            line = " ".join([entry, *map(str, hook.get("args", []))])
            assert is_termalign(line), line
            assert not _unknown_options(line), line


def test_ci_commands_exist() -> None:
    problems = [f"{name}: `{line}`: {_unknown_options(line)}" for name, line in ci_termalign_commands()
                if _unknown_options(line)]
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_ci_commands_run(tmp_path: Path, shim_dir: Path) -> None:
    """The CI commands run on a project laid out as the files assume (po/*.po, glossary/project.tsv, a
    committed baseline) and end with status 0 or 1, never 2 (usage or input error)."""
    work = _workdir(tmp_path)
    (work / "po").mkdir()
    shutil.copy(work / "examples" / "notes.id.po", work / "po" / "id.po")
    (work / "glossary").mkdir()
    shutil.copy(work / "examples" / "kidney-stones.glossary.tsv", work / "glossary" / "project.tsv")
    env = _env(shim_dir)
    made = subprocess.run(
        ["bash", "-c", "termalign check --glossary software --write-baseline .termalign-baseline.json po/*.po"],
        cwd=work, env=env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT,
    )
    assert made.returncode == 0, made.stderr
    for name, line in ci_termalign_commands():
        proc = subprocess.run(["bash", "-c", line], cwd=work, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
        assert proc.returncode in (0, 1), f"{name}: `{line}` exited {proc.returncode}: {proc.stderr[-800:]}"
