"""Writing outputs without losing anything: inputs never written over, exclusive creation, devices, FIFOs and
symbolic links, the ``--update`` lock, SIGTERM during a write, ``--write-baseline`` and ``--batch`` paths.

The concurrency cases are made deterministic: the test holds the lock itself, or creates the competing file
from inside the write, rather than racing two runs.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from termalign.cli import main
from termalign.errors import InputError
from termalign.textio import locked, open_output, write_output
from tools.robustness_cases import EN, GLOSSARY, ID, PO

ROOT = Path(__file__).resolve().parent.parent
fcntl = pytest.importorskip("fcntl")


def run(*args: str | Path, cwd: Path | None = None) -> tuple[int, str, str]:
    """``termalign ARGS`` in-process through the real entry point: (status, stdout, stderr)."""
    runner = CliRunner()
    before = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        with runner.isolation() as streams:
            try:
                main([str(a) for a in args])
                status = 0
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else 1
            return status, streams[0].getvalue().decode(), streams[1].getvalue().decode()
    finally:
        os.chdir(before)


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    """A folder holding en.txt and id.txt (our own small texts)."""
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "id.txt").write_text(ID, encoding="utf-8")
    return tmp_path


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ------------------------------------------------------------------------------------ inputs are never outputs


def test_output_that_is_an_input_through_a_link_is_refused_even_with_force(pair: Path) -> None:
    (pair / "c.po").write_text(PO, encoding="utf-8")
    os.symlink("c.po", pair / "soft.po")
    os.link(pair / "c.po", pair / "hard.po")
    for name in ("c.po", "soft.po", "hard.po"):
        status, _, err = run("check", "--fail-on", "never", "c.po", "-o", name, "--force", cwd=pair)
        assert status == 2 and "the output is also an input" in err and "even with --force" in err, err
    assert (pair / "c.po").read_text(encoding="utf-8") == PO
    assert os.path.islink(pair / "soft.po") and listing(pair) == ["c.po", "en.txt", "hard.po", "id.txt", "soft.po"]


@pytest.mark.parametrize("argv", [
    ("align", "en.txt", "id.txt", "--glossary", "g.tsv", "-o", "g.tsv", "--force", "--format", "tsv"),
    ("terms", "en.txt", "id.txt", "--dictionary", "g.tsv", "-o", "link.tsv", "--force"),
    ("report", "en.txt", "id.txt", "--glossary", "link.tsv", "-o", "g.tsv", "--force"),
    ("glossary", "convert", "g.tsv", "-o", "link.tsv", "--force"),
    ("check", "--lang", "id", "id.txt", "--glossary", "g.tsv", "-o", "link.tsv", "--force"),
])
def test_glossaries_and_dictionaries_are_inputs_too(pair: Path, argv: tuple[str, ...]) -> None:
    (pair / "g.tsv").write_text(GLOSSARY, encoding="utf-8")
    os.symlink("g.tsv", pair / "link.tsv")
    status, _, err = run(*argv, cwd=pair)
    assert status == 2 and "the output is also an input" in err, err
    assert (pair / "g.tsv").read_text(encoding="utf-8") == GLOSSARY and os.path.islink(pair / "link.tsv")


def test_update_refuses_a_catalog_that_is_an_input(pair: Path) -> None:
    os.symlink("id.txt", pair / "cat.po")
    status, _, err = run("align", "en.txt", "id.txt", "-o", "cat.po", "--update", cwd=pair)
    assert status == 2 and "the output is also an input" in err, err
    assert (pair / "id.txt").read_text(encoding="utf-8") == ID


# ------------------------------------------------------------------------------------ the overwrite rule


def test_a_new_output_created_meanwhile_by_another_run_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    with pytest.raises(InputError, match="another run wrote it meanwhile"), open_output(target) as handle:
        handle.write(b"second run\n")
        target.write_text("first run\n", encoding="utf-8")  # the other run finishes first
    assert target.read_text(encoding="utf-8") == "first run\n"
    assert listing(tmp_path) == ["out.json"]


def test_two_processes_writing_one_new_output_cannot_both_succeed(tmp_path: Path) -> None:
    """Two real processes pass the existence check, then the first puts its file in place: the second fails."""
    script = textwrap.dedent("""
        import sys, time
        from pathlib import Path
        from termalign.textio import open_output
        target, mine, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
        with open_output(target) as handle:
            handle.write(mine.encode())
            Path(str(go) + "." + mine).touch()  # past the check
            while not go.exists():
                time.sleep(0.01)
            if mine == "second":
                while not target.exists():
                    time.sleep(0.01)
    """)
    target, go = tmp_path / "out.txt", tmp_path / "go"
    procs = {who: subprocess.Popen([sys.executable, "-c", script, str(target), who, str(go)], cwd=ROOT,
                                   stderr=subprocess.PIPE, text=True) for who in ("first", "second")}
    while not all(Path(f"{go}.{who}").exists() for who in procs):
        if any(p.poll() is not None for p in procs.values()):
            break
        threading.Event().wait(0.01)
    go.touch()
    errors = {who: p.communicate(timeout=60)[1] for who, p in procs.items()}
    assert procs["first"].returncode == 0, errors["first"]
    assert procs["second"].returncode != 0 and "another run wrote it meanwhile" in errors["second"]
    assert target.read_text() == "first"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_replacing_keeps_the_permission_bits(pair: Path) -> None:
    out = pair / "out.tsv"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    assert run("align", "en.txt", "id.txt", "-o", "out.tsv", "--force", cwd=pair)[0] == 0
    assert out.read_text(encoding="utf-8") != "old\n" and stat.S_IMODE(out.stat().st_mode) == 0o640


# ------------------------------------------------------------------------------------ devices, FIFOs, symlinks


@pytest.fixture
def null_device(pair: Path) -> Path:
    """A private character device like the null device (1, 3) inside the test folder, so that a broken rule
    replaces nothing of the system's; skipped where device nodes cannot be made or opened (not root, nodev)."""
    device = pair / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        os.close(os.open(device, os.O_WRONLY))
    except OSError as exc:
        pytest.skip(f"cannot make a character device here: {exc}")
    return device


def test_a_character_device_is_written_in_place(pair: Path, null_device: Path) -> None:
    before = null_device.lstat()
    for force in ((), ("--force",)):
        status, _, err = run("align", "en.txt", "id.txt", "-o", "null", "--format", "tsv", *force, cwd=pair)
        assert status == 0, err
        after = null_device.lstat()
        assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert listing(pair) == ["en.txt", "id.txt", "null"]


def test_a_fifo_is_written_in_place(pair: Path) -> None:
    fifo = pair / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    status, _, err = run("align", "en.txt", "id.txt", "-o", "pipe", "--format", "tsv", cwd=pair)
    if status != 0:  # nothing wrote to the FIFO: open it once so that the reader ends
        os.close(os.open(fifo, os.O_WRONLY))
    reader.join(timeout=30)
    assert status == 0, err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and received[0].decode("utf-8").count("\t") >= 8
    assert listing(pair) == ["en.txt", "id.txt", "pipe"]


def test_a_socket_is_refused(pair: Path) -> None:
    import socket

    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(pair / "sock"))
        status, _, err = run("align", "en.txt", "id.txt", "-o", "sock", "--format", "tsv", "--force", cwd=pair)
    assert status == 2 and "sock: is neither a regular file, a character device nor a FIFO" in err, err
    assert stat.S_ISSOCK((pair / "sock").lstat().st_mode)


def test_a_symlinked_output_is_followed_not_replaced(pair: Path) -> None:
    (pair / "real").mkdir()
    (pair / "real" / "out.tsv").write_text("old\n", encoding="utf-8")
    os.symlink("real/out.tsv", pair / "out.tsv")
    status, _, err = run("align", "en.txt", "id.txt", "-o", "out.tsv", cwd=pair)
    assert status == 2 and "output file exists" in err
    assert run("align", "en.txt", "id.txt", "-o", "out.tsv", "--force", cwd=pair)[0] == 0
    assert os.path.islink(pair / "out.tsv")
    assert (pair / "real" / "out.tsv").read_text(encoding="utf-8").count("\t") >= 8
    assert listing(pair / "real") == ["out.tsv"]


def test_a_dangling_symlink_is_an_existing_output(pair: Path) -> None:
    os.symlink("elsewhere.tsv", pair / "out.tsv")
    status, _, err = run("align", "en.txt", "id.txt", "-o", "out.tsv", cwd=pair)
    assert status == 2 and "output file exists" in err and not (pair / "elsewhere.tsv").exists()
    assert run("align", "en.txt", "id.txt", "-o", "out.tsv", "--force", cwd=pair)[0] == 0
    assert os.path.islink(pair / "out.tsv") and (pair / "elsewhere.tsv").read_text(encoding="utf-8")


def test_update_through_a_symlinked_catalog_updates_the_real_catalog(pair: Path) -> None:
    (pair / "po").mkdir()
    assert run("align", "en.txt", "id.txt", "-o", "po/id.po", cwd=pair)[0] == 0
    catalog = polib.pofile(str(pair / "po" / "id.po"))
    catalog[0].msgstr, catalog[0].tcomment = "Terjemahan yang ditinjau.", "reviewed"
    catalog.save()
    os.symlink("po/id.po", pair / "link.po")
    status, _, err = run("align", "en.txt", "id.txt", "-o", "link.po", "--update", cwd=pair)
    assert status == 0 and "updated link.po" in err, err
    assert os.path.islink(pair / "link.po")
    assert polib.pofile(str(pair / "po" / "id.po"))[0].tcomment == "reviewed"
    assert listing(pair / "po") == ["id.po"]  # no lock file or temporary file left


# ------------------------------------------------------------------------------------ the --update lock


def _catalog(pair: Path) -> bytes:
    assert run("align", "en.txt", "id.txt", "-o", "cat.po", cwd=pair)[0] == 0
    return (pair / "cat.po").read_bytes()


@pytest.mark.slow
def test_update_refuses_while_another_run_holds_the_lock(pair: Path) -> None:
    before = _catalog(pair)
    with open(pair / "cat.po.lock", "w") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        proc = subprocess.run([sys.executable, "-m", "termalign", "align", "en.txt", "id.txt", "-o", "cat.po",
                               "--update"], cwd=pair, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2, proc.stderr
    assert f"another run is updating this file (it holds the lock {pair / 'cat.po.lock'})" in proc.stderr
    assert proc.stderr.startswith("termalign: error: cat.po: ")
    assert (pair / "cat.po").read_bytes() == before


def test_a_stale_lock_file_blocks_nobody_and_is_removed(pair: Path) -> None:
    _catalog(pair)
    (pair / "cat.po.lock").write_text("left by a killed run\n", encoding="utf-8")
    status, _, err = run("align", "en.txt", "id.txt", "-o", "cat.po", "--update", cwd=pair)
    assert status == 0 and "updated cat.po" in err, err
    assert listing(pair) == ["cat.po", "en.txt", "id.txt"]


def test_the_lock_is_released_when_the_update_fails(pair: Path) -> None:
    (pair / "cat.po").write_text('msgid "x\nmsgstr "y"\n', encoding="utf-8")
    status, _, err = run("align", "en.txt", "id.txt", "-o", "cat.po", "--update", cwd=pair)
    assert status == 2 and "unterminated" in err
    assert listing(pair) == ["cat.po", "en.txt", "id.txt"]
    with locked(pair / "cat.po"):  # nobody holds it
        pass


def test_update_fails_when_the_catalog_changes_during_the_merge(pair: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import termalign.formats as formats

    _catalog(pair)
    merge = formats.update_catalog

    def edited_meanwhile(*args: object, **kwargs: object) -> object:
        with open(pair / "cat.po", "a", encoding="utf-8") as handle:  # a translator saves in their editor
            handle.write('\nmsgid "Vein"\nmsgstr "Vena"\n')
        return merge(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(formats, "update_catalog", edited_meanwhile)
    status, _, err = run("align", "en.txt", "id.txt", "-o", "cat.po", "--update", cwd=pair)
    assert status == 2 and "changed on disk while termalign was working on it" in err, err
    assert (pair / "cat.po").read_text(encoding="utf-8").endswith('msgid "Vein"\nmsgstr "Vena"\n')
    assert listing(pair) == ["cat.po", "en.txt", "id.txt"]


# ------------------------------------------------------------------------------------ signals


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_a_write_removes_the_temporary_file_and_the_lock(tmp_path: Path, signum: int) -> None:
    script = textwrap.dedent("""
        import os, sys, time
        from termalign.errors import Terminated
        from termalign.textio import locked, open_output
        target, signum = sys.argv[1], int(sys.argv[2])
        try:
            with locked(target), open_output(target) as handle:
                handle.write(b"half")
                os.kill(os.getpid(), signum)
                time.sleep(30)
        except Terminated as stop:  # what termalign.cli.main does with it
            sys.exit(128 + stop.signum)
    """)
    target = tmp_path / "out.txt"
    proc = subprocess.run([sys.executable, "-c", script, str(target), str(int(signum))], cwd=ROOT,
                          capture_output=True, timeout=60)
    assert proc.returncode == 128 + signum, proc.stderr
    assert listing(tmp_path) == []  # no temporary file, no lock file


def test_ctrl_c_releases_the_lock(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt), locked(tmp_path / "cat.po"):
        raise KeyboardInterrupt
    assert listing(tmp_path) == []
    with locked(tmp_path / "cat.po"):
        pass


def test_the_lock_of_a_killed_run_blocks_nobody(pair: Path) -> None:
    _catalog(pair)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom termalign.textio import locked\n"
                               "with locked(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(60)\n",
                               str(pair / "cat.po")], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    assert run("align", "en.txt", "id.txt", "-o", "cat.po", "--update", cwd=pair)[0] == 2
    holder.kill()
    holder.wait(timeout=30)
    assert (pair / "cat.po.lock").exists()  # SIGKILL: no clean-up ran
    status, _, err = run("align", "en.txt", "id.txt", "-o", "cat.po", "--update", cwd=pair)
    assert status == 0 and "updated cat.po" in err, err
    assert listing(pair) == ["cat.po", "en.txt", "id.txt"]


def test_sigterm_handler_is_restored_after_the_write(tmp_path: Path) -> None:
    write_output(tmp_path / "a.txt", "x")
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


# ------------------------------------------------------------------------------------ --write-baseline


def test_write_baseline_never_replaces_a_file_without_force(pair: Path) -> None:
    (pair / "b.json").write_text("precious\n", encoding="utf-8")
    status, _, err = run("check", "--lang", "id", "id.txt", "--write-baseline", "b.json", cwd=pair)
    assert status == 2 and "b.json: output file exists" in err
    assert (pair / "b.json").read_text(encoding="utf-8") == "precious\n"
    status, _, err = run("check", "--lang", "id", "id.txt", "--write-baseline", "b.json", "--force", cwd=pair)
    assert status == 0 and json.loads((pair / "b.json").read_text(encoding="utf-8"))["version"] == 1


def test_write_baseline_refuses_an_input_and_o(pair: Path) -> None:
    (pair / "c.po").write_text(PO, encoding="utf-8")
    status, _, err = run("check", "c.po", "--write-baseline", "c.po", "--force", cwd=pair)
    assert status == 2 and "the output is also an input" in err
    assert (pair / "c.po").read_text(encoding="utf-8") == PO
    status, _, err = run("check", "c.po", "--write-baseline", "b.json", "-o", "r.txt", cwd=pair)
    assert status == 2 and "-o is not used with it" in err
    assert listing(pair) == ["c.po", "en.txt", "id.txt"]


# ------------------------------------------------------------------------------------ --batch paths


def _batch(pair: Path, rows: str, out: str = "out") -> tuple[int, str, str]:
    (pair / "list.tsv").write_text(rows, encoding="utf-8")
    return run("align", "--batch", "list.tsv", "--output-dir", out, cwd=pair)


@pytest.mark.parametrize("name", ["../x.json", "ABSOLUTE", "sub/../../x.json", "."])
def test_batch_outputs_stay_inside_the_output_folder(pair: Path, name: str) -> None:
    (pair / "out").mkdir()
    name = str(pair / "x.json") if name == "ABSOLUTE" else name
    status, _, err = _batch(pair, f"en.txt\tid.txt\tok.json\nen.txt\tid.txt\t{name}\n")
    assert status == 2 and "list.tsv:2: output " in err and "is outside the output folder out" in err, err
    assert listing(pair / "out") == []
    assert listing(pair) == ["en.txt", "id.txt", "list.tsv", "out"]


def test_batch_output_through_a_symlinked_folder_leading_out_is_refused(pair: Path) -> None:
    (pair / "out").mkdir()
    (pair / "elsewhere").mkdir()
    os.symlink("../elsewhere", pair / "out" / "sub")
    status, _, err = _batch(pair, "en.txt\tid.txt\tsub/x.json\n")
    assert status == 2 and "is outside the output folder" in err and listing(pair / "elsewhere") == []


@pytest.mark.parametrize("second", ["sub/../x.json", "alias/x.json"])
def test_batch_collisions_are_found_on_the_resolved_path(pair: Path, second: str) -> None:
    (pair / "out").mkdir()
    os.symlink(".", pair / "out" / "alias")
    status, _, err = _batch(pair, f"en.txt\tid.txt\tx.json\nen.txt\tid.txt\t{second}\n")
    assert status == 2 and f"list.tsv:2: output out/{second} is also written by the pair on line 1 (as out/x.json)" \
        in err, err
    assert listing(pair / "out") == ["alias"]


def test_batch_output_that_is_an_input_is_refused_before_anything_runs(pair: Path) -> None:
    status, _, err = _batch(pair, "en.txt\tid.txt\tok.json\nen.txt\tid.txt\ten.txt\n", out=".")
    assert status == 2 and "list.tsv:2: output en.txt is the input en.txt; refusing to write over an input" in err
    assert listing(pair) == ["en.txt", "id.txt", "list.tsv"] and (pair / "en.txt").read_text(encoding="utf-8") == EN


def test_batch_creates_a_missing_output_folder(pair: Path) -> None:
    status, _out, err = _batch(pair, "en.txt\tid.txt\tx.json\n", out="new/out")
    assert status == 0, err
    assert "termalign: created the output folder new/out" in err
    assert listing(pair / "new" / "out") == ["x.json"]


def test_batch_does_not_create_the_folder_for_a_bad_list(pair: Path) -> None:
    status, _, err = _batch(pair, "en.txt\n", out="new")
    assert status == 2 and "list.tsv:1: expected source<TAB>target" in err and not (pair / "new").exists()
