"""What keeps the text path fast without timing anything (timings live in bench/): the
modules `extract` leaves unimported, the collector left as it was found, and the streamed
outputs byte for byte equal to the exporters'."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from minutes_extract import parse_file, parse_text
from minutes_extract.lint import REPORT_FORMATS
from minutes_extract.lint.formatters import FORMATS

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
# Imported only when an input or an option needs them: a PDF (pdfium, its layout, OCR), an
# HTML or HWP page, `check` (the linter, rich), TEI or Excel output.
NOT_FOR_TEXT = ("pypdfium2", "rich", "ctypes", "minutes_extract.inputs.pdf.engines", "minutes_extract.inputs.ocr", "minutes_extract.inputs.pdf.layout",
                "minutes_extract.inputs.pdf.scanned", "minutes_extract.inputs.html.tree",
                "minutes_extract.inputs.hwp.hwp5", "minutes_extract.inputs.hwp.hwpx", "minutes_extract.lint.run",
                "minutes_extract.export.tei", "minutes_extract.export.xlsx", "html.parser")
_LIST_MODULES = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sorted(sys.modules)) + '\\n'))\n"
    "from minutes_extract.cli import app\n"
    "app(sys.argv[1:])\n"
)


def _modules_after(*args: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", _LIST_MODULES, *args], capture_output=True, text=True,
                          env=env, check=False)
    line = next(line for line in done.stderr.splitlines() if line.startswith("MODULES "))
    return set(line.split()[1:])


@pytest.mark.parametrize("sample", ["seoul-short.txt", "council-committee.md"])
def test_extract_of_text_imports_no_engine(sample: str, tmp_path: Path) -> None:
    loaded = _modules_after("extract", str(SAMPLES / sample), "-o", str(tmp_path / "out.json"))
    assert "minutes_extract.formats.seoul" in loaded  # the run did happen
    assert sorted(name for name in NOT_FOR_TEXT if name in loaded) == []


def test_extract_of_text_imports_no_pickle(tmp_path: Path) -> None:
    """pickle carries a guarded reader's result (PDF, HTML, HWP) from its child: imported then."""
    loaded = _modules_after("extract", str(SAMPLES / "seoul-short.txt"), "-o", str(tmp_path / "out.json"))
    assert "minutes_extract.formats.seoul" in loaded and "pickle" not in loaded


def test_a_pdf_is_still_read_with_its_engine_imported_late(tmp_path: Path) -> None:
    pdf = ROOT / "tests" / "fixtures" / "pdf" / "seoul-short.glyph-spaces-words.pdf"  # committed: no generator
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-m", "minutes_extract", "text", str(pdf)], capture_output=True,
                          text=True, env=env, check=False)
    assert done.returncode == 0 and "〈위원장〉" in done.stdout
    # Imported before the guarded reader's child is forked: a batch worker imports it once.
    loaded = _modules_after("extract", "--allow-empty", str(pdf), "-o", str(tmp_path / "out.json"))
    assert {"pypdfium2", "minutes_extract.inputs.pdf.layout"} <= loaded


def test_names_given_without_importing_what_they_name() -> None:
    from minutes_extract.inputs.pdf import ENGINE_NAMES
    from minutes_extract.inputs.pdf.engines import Engine

    assert tuple(FORMATS) == REPORT_FORMATS
    assert tuple(engine.value for engine in Engine) == ENGINE_NAMES


@pytest.mark.parametrize("enabled", [True, False])
def test_parse_leaves_the_collector_as_it_found_it(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        record = parse_file(SAMPLES / "seoul-full.txt")
        assert gc.isenabled() is enabled
        assert record.turns
    finally:
        gc.enable() if was else gc.disable()


def test_a_record_dropped_after_parse_is_freed() -> None:
    """Frozen by gc.freeze() or not, the tree has no cycles: dropping it frees it."""
    import weakref

    record = parse_text((SAMPLES / "seoul-short.txt").read_text(encoding="utf-8"))
    turn = weakref.ref(record.turns[0])
    del record
    assert turn() is None


def _records() -> list:
    texts = [path for path in sorted(SAMPLES.iterdir()) if path.is_file()]
    records = [parse_file(path) for path in texts]
    records.append(parse_text("hello, no minutes here"))  # no turns: the slot stays `[]`
    many = (SAMPLES / "seoul-full.txt").read_text(encoding="utf-8")
    body = many[many.index("〈위원장〉"):]
    records.append(parse_text(many + body * 10))  # more turns than one piece holds
    return records


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_streamed_output_is_the_exporters_byte_for_byte(fmt: str) -> None:
    from minutes_extract.export import EXPORTERS, OutputFormat
    from minutes_extract.export.stream import STREAMERS

    for record in _records():
        pieces = list(STREAMERS[fmt](record))
        assert b"".join(pieces) == EXPORTERS[OutputFormat(fmt)](record)
        assert fmt == "csv" or len(pieces) > 2 or len(record.turns) < 100


def test_a_turn_whose_text_holds_the_slot_bytes_does_not_move_the_split() -> None:
    from minutes_extract.export import to_json, to_jsonl
    from minutes_extract.export.stream import iter_json, iter_jsonl

    text = (SAMPLES / "seoul-short.txt").read_text(encoding="utf-8")
    slot = '"turns": [] 그리고 "turns":[]'
    record = parse_text(f"{slot}\n\n" + text.replace("〈위원장〉\n", f"〈위원장〉\n- {slot}\n", 1))
    assert record.front_matter[0].text == slot  # before the turns in the output
    assert any(remark.text == slot for turn in record.turns for remark in turn.remarks)
    assert b"".join(iter_json(record)) == to_json(record)
    assert b"".join(iter_jsonl(record)) == to_jsonl(record)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_extract_streams_to_a_file_and_to_stdout(fmt: str, tmp_path: Path) -> None:
    from minutes_extract.export import EXPORTERS, OutputFormat

    sample = SAMPLES / "seoul-full.txt"
    expected = b"\xef\xbb\xbf" + EXPORTERS[OutputFormat(fmt)](parse_file(sample))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "minutes_extract", "extract", "-f", fmt, "--bom", str(sample)]
    shown = subprocess.run(cmd, capture_output=True, env=env, check=True).stdout
    subprocess.run([*cmd, "-o", str(tmp_path / "out")], env=env, check=True)
    assert shown == expected == (tmp_path / "out").read_bytes()


def test_a_lazy_pattern_is_compiled_on_first_use_and_acts_as_the_pattern() -> None:
    import re

    from minutes_extract.text.lazy import LazyPattern

    lazy = LazyPattern(r"(\d+)\s*건", re.IGNORECASE)
    assert lazy._compiled is None
    eager = re.compile(r"(\d+)\s*건", re.IGNORECASE)
    for text in ("안건 (3 건)", "없음", "12건 12건"):
        found, expected = lazy.search(text), eager.search(text)
        assert (found and found.group(1)) == (expected and expected.group(1))
        assert lazy.sub("#", text) == eager.sub("#", text)
        assert lazy.findall(text) == eager.findall(text)
    assert lazy.compiled() is lazy.compiled()
    # Once compiled, a method is the compiled pattern's own (no Python call in between).
    assert object.__getattribute__(lazy, "search").__self__ is lazy.compiled() and lazy.groups == 1
    assert LazyPattern(rb"charset=(\w+)").search(b"x charset=utf8").group(1) == b"utf8"
    with pytest.raises(AttributeError):
        LazyPattern.__new__(LazyPattern).search  # noqa: B018 (made without __init__: no recursion)


def test_a_seoul_text_leaves_the_assembly_patterns_uncompiled() -> None:
    code = ("from minutes_extract import parse_file\n"
            "from minutes_extract.formats.assembly import lines, meeting\n"
            f"parse_file({str(SAMPLES / 'seoul-full.txt')!r})\n"
            "from minutes_extract.text import normalise\n"
            "print(lines._HANJA._compiled is None, meeting._SESSION_PREFIX._compiled is None,\n"
            "      lines._NOTE._compiled is None, normalise._ODD_RE._compiled is None)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.split() == ["True"] * 4  # a clean Seoul text: no odd space looked for


_PLUGIN = '''
import os
open(os.environ["PLUGIN_MARK"], "a").write("loaded\\n")


class _Plugin:
    def new_schema_validator(self, *args, **kwargs):
        return None, None, None


plugin = _Plugin()
'''


def _with_fake_plugin(tmp_path: Path, extra_env: dict[str, str], *command: str) -> bool:
    """Whether a pydantic plugin installed beside us (a package with a `pydantic` entry point)
    was loaded by `command`."""
    site = tmp_path / "site"
    (site / "fakeplugin-1.0.dist-info").mkdir(parents=True, exist_ok=True)
    (site / "fakeplugin-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: fakeplugin\nVersion: 1.0\n")
    (site / "fakeplugin-1.0.dist-info" / "entry_points.txt").write_text("[pydantic]\nfake = fakeplugin:plugin\n")
    (site / "fakeplugin.py").write_text(_PLUGIN)
    mark = tmp_path / "mark"
    mark.unlink(missing_ok=True)
    env = {key: value for key, value in os.environ.items() if key != "PYDANTIC_DISABLE_PLUGINS"}
    env.update(PYTHONPATH=os.pathsep.join([str(site), str(ROOT / "src")]), PLUGIN_MARK=str(mark), **extra_env)
    done = subprocess.run([sys.executable, *command], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return mark.exists()


def test_the_program_looks_for_no_pydantic_plugin(tmp_path: Path) -> None:
    """Looking through every installed package's entry points costs each run 20–30 ms."""
    run = ("-m", "minutes_extract", "extract", str(SAMPLES / "seoul-short.txt"), "-o", str(tmp_path / "o.json"))
    assert not _with_fake_plugin(tmp_path, {}, *run)
    assert _with_fake_plugin(tmp_path, {"PYDANTIC_DISABLE_PLUGINS": ""}, *run)  # the user's choice wins


def test_embedding_main_keeps_the_programs_plugins(tmp_path: Path) -> None:
    """A program that calls main() keeps its own pydantic set-up."""
    program = ("import sys\nfrom minutes_extract.cli import main\n"
               f"main(['extract', {str(SAMPLES / 'seoul-short.txt')!r}, '-o', {str(tmp_path / 'o.json')!r}])\n"
               "from pydantic import BaseModel\nclass Late(BaseModel):\n    x: int\nLate(x=1)\n")
    assert _with_fake_plugin(tmp_path, {}, "-c", program)


def test_command_annotations_are_objects_not_strings() -> None:
    """typer reads each command's annotations on every run: strings would be compiled and
    evaluated each time (`from __future__ import annotations` in cli.py)."""
    from minutes_extract import cli

    for name in ("extract", "text", "check", "batch", "review", "schema"):
        hints = getattr(cli, name).__annotations__
        assert hints and not any(isinstance(hint, str) for hint in hints.values()), name


def test_a_diagnostics_facts_are_kept_but_not_written() -> None:
    from minutes_extract import diagnostics as dx
    from minutes_extract.schema import schema_json

    found = dx.CONTINUATION.at("continues", 5, facts={"continues": 3})
    assert found.facts == {"continues": 3} and dx.CONTINUATION.at("x", 5).facts == {}
    assert "facts" not in found.model_dump_json() and "facts" not in found.model_dump()
    assert '"facts"' not in schema_json()
    # Input is as strict as the schema: a record holding `facts` is refused, as the schema refuses it.
    from pydantic import ValidationError

    from minutes_extract.models import Diagnostic
    with pytest.raises(ValidationError):
        Diagnostic.model_validate({**found.model_dump(), "facts": {"continues": 3}})


@pytest.mark.parametrize(("sample", "read_by", "not_loaded"), [
    ("seoul-short.txt", "minutes_extract.formats.seoul.builder",
     ("minutes_extract.formats.assembly.rules", "minutes_extract.formats.assembly.tree",
      "minutes_extract.formats.assembly.meeting", "minutes_extract.formats.assembly.record")),
    ("council-committee.md", "minutes_extract.formats.assembly.rules",
     ("minutes_extract.formats.seoul.builder", "minutes_extract.formats.seoul.turns",
      "minutes_extract.formats.seoul.overview", "minutes_extract.formats.seoul.checks")),
])
def test_a_text_loads_only_its_own_formats_rules(sample: str, read_by: str, not_loaded: tuple[str, ...],
                                                 tmp_path: Path) -> None:
    """Both formats score every text (their line tests are loaded); only the chosen one's
    tree, meeting and record are imported (a twentieth of a small file's run)."""
    loaded = _modules_after("extract", str(SAMPLES / sample), "-o", str(tmp_path / "out.json"))
    assert read_by in loaded
    assert "minutes_extract.formats.assembly.lines" in loaded and "minutes_extract.formats.seoul.lines" in loaded
    assert [name for name in not_loaded if name in loaded] == []


def test_batch_warms_every_format_up_before_its_workers_fork() -> None:
    """Forked workers share what the parent imported: each format's rules (imported when a
    format first parses) are imported once there, not once per worker."""
    code = ("import sys\nfrom minutes_extract.batch import runner\nrunner._warm_up(False, False)\n"
            "print(sorted(m for m in sys.modules if m.endswith(('.assembly.rules', '.seoul.builder'))))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == ("['minutes_extract.formats.assembly.rules', "
                                   "'minutes_extract.formats.seoul.builder']")
