"""The library stays light: importing it pulls in no CLI or segmenter."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from tests.conftest import ROOT


def _modules_after(code: str) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, cwd=ROOT)
    return set(json.loads(out.stdout))


def test_from_policytool_import_clean_is_light():
    loaded = _modules_after("from policytool import clean\nclean('第一段。'.encode())")
    for heavy in ("typer", "rich", "jieba", "click", "policytool.cli"):
        assert heavy not in loaded


def test_the_library_never_imports_the_cli():
    for path in (ROOT / "policytool").rglob("*.py"):
        if path.name in {"cli.py", "__main__.py"}:
            continue
        imports = re.findall(r"^\s*(?:from|import)\s+(\S+)(?:\s+import\s+(.+))?$", path.read_text(), re.MULTILINE)
        for module, names in imports:
            assert module != "policytool.cli" and not (module == "policytool" and "cli" in names), path


def test_package_data_is_shipped():
    """Every data file of the package is matched by pyproject's package-data, so a
    non-editable install (`pip install .`) carries it."""
    import fnmatch
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["policytool"]
    data = [
        p.relative_to(ROOT / "policytool").as_posix()
        for folder in ("data", "schemas")
        for p in (ROOT / "policytool" / folder).iterdir()
        if p.suffix != ".py" and p.name != "__pycache__"
    ]
    assert len(data) > 5 and all(any(fnmatch.fnmatch(d, pat) for pat in patterns) for d in data)


def _modules_after_commands(*commands: list[str]) -> set[str]:
    """Return the modules loaded after running the CLI commands in one process."""
    runs = "\n".join(f"try:\n    app({c!r}, standalone_mode=False)\nexcept SystemExit:\n    pass" for c in commands)
    script = (
        "import contextlib, io, json, sys\nfrom policytool.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        + "".join(f"    {line}\n" for line in runs.splitlines())
        + "sys.stderr.write(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, cwd=ROOT)
    return set(json.loads(out.stderr))


# The readers' registry and the modules that declare them (light: each imports what it reads with
# when it reads).
READER_MODULES = {
    "policytool.readers", "policytool.readers.base", "policytool.readers.html", "policytool.readers.pdf",
    "policytool.readers.post", "policytool.readers.text", "policytool.readers.xlsx", "policytool.readers.csv",
    "policytool.readers.docx",
}  # fmt: skip

# What one-off `policytool parse FILE --format json` loads on a text file: the stages it
# runs and nothing else (no HTML, PDF or markdown reader, no diff, no terminal rendering).
PARSE_MODULES = {
    "policytool", "policytool.batch", "policytool.chars", "policytool.cleaning", "policytool.cleaning.chrome",
    "policytool.cleaning.contents", "policytool.cleaning.dates", "policytool.cleaning.meta",
    "policytool.cleaning.normalize", "policytool.cli", "policytool.cli_help", "policytool.commands",
    "policytool.departments",
    "policytool.duties", "policytool.ingest", "policytool.inputs", "policytool.model", "policytool.names",
    "policytool.numbering", "policytool.patterns", "policytool.render", *READER_MODULES,
    "policytool.render.document", "policytool.render.jsonout",
    "policytool.render.terminal", "policytool.segment", "policytool.yamlfile",
}  # fmt: skip
HEAVY = (
    "jieba", "rich", "pydantic", "markdown_it", "pygments", "typer.rich_utils", "multiprocessing", "pypdfium2",
    "openpyxl", "docx", "xml.etree",
)  # fmt: skip


def test_a_parse_run_imports_only_what_it_uses():
    loaded = _modules_after_commands(["parse", "seeds/001_7fbf1e66332ad55d.txt", "--format", "json"])
    assert {m for m in loaded if m.startswith("policytool")} == PARSE_MODULES
    assert not [m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY]
    # The tree for people is drawn without rich too.
    loaded = _modules_after_commands(["parse", "seeds/001_7fbf1e66332ad55d.txt"])
    assert {m for m in loaded if m.startswith("policytool")} == PARSE_MODULES
    assert not [m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY]
    # A text file has no YAML, and the dictionary comes parsed from the cache the first
    # run wrote: PyYAML is not imported. The patterns it meets read Han with the stdlib
    # engine, so `regex` is not imported either.
    assert "yaml" not in loaded and "regex" not in loaded


def test_only_front_matter_beyond_flat_lines_loads_pyyaml(tmp_path):
    # Both seed posts have flat front matter (`key: value` lines, a list of `- 金融`); no
    # seed, the PDF dump included, meets a pattern that needs `regex`.
    loaded = _modules_after_commands(*(["parse", str(p.relative_to(ROOT))] for p in sorted(ROOT.glob("seeds/*.txt"))))
    assert "yaml" not in loaded
    assert "regex" not in loaded
    # Both posts' HTML is well-formed: it is read without html.parser.
    assert "html.parser" not in loaded
    nested = tmp_path / "nested.md"
    nested.write_text("---\ntitle: 通知\nsource:\n  name: 国务院\n---\n一、总体要求\n", encoding="utf-8")
    assert "yaml" in _modules_after_commands(["parse", str(nested)])


def test_help_imports_no_library_module():
    loaded = _modules_after_commands(["--help"], ["code", "--help"])
    # The readers' registry names the --input-format choices, the commands' specs the --format
    # choices: declarations, importing nothing.
    expected = {"policytool", "policytool.cli", "policytool.cli_help", "policytool.commands", *READER_MODULES}
    assert {m for m in loaded if m.startswith("policytool")} == expected
    assert "typer.rich_utils" not in loaded and "pydantic" not in loaded and "regex" not in loaded


def test_only_keywords_loads_jieba():
    seed = "seeds/000_e2f4dd5230c76923.txt"
    light = _modules_after_commands(["--help"], ["clean", seed], ["parse", seed], ["depts", seed], ["code", seed])
    # rich.table is loaded by the depts table, so the commands ran.
    assert "rich.table" in light and "policytool.instruments" in light and "jieba" not in light
    # stderr holds nothing but the module list: jieba's "Building prefix dict…" lines are silenced.
    assert "jieba" in _modules_after_commands(["keywords", seed, "--top", "1"])
