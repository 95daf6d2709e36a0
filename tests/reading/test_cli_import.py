"""`planflow plan import FILE [--json]`: the reader on the command line (no database needed)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cli.commands import main

SEED = Path(__file__).resolve().parents[1] / "data" / "seeds" / "002_7154f2613ef9aaa5.txt"


def test_import_prints_the_plan_as_json() -> None:
    result = CliRunner().invoke(main, ["plan", "import", str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["issuing_body"]["name"] == "UBND tỉnh Hà Giang"
    assert plan["number_symbol"]["raw"] == "Số: 09 /KH-UBND"
    assert plan["place_date"]["date"] == "2022-01-07"
    assert plan["parent_plans"][0]["number_symbol"] == "33/CT-TTg"
    assert [d["kind"] for d in plan["deadlines"]] == ["subordinate_plans_due", "annual_report",
                                                       "summary_report_to_ministry"]
    assert plan["signature"]["signer_name"] == "Nguyễn Văn Sơn"
    assert "Hà Giang" in result.stdout  # ensure_ascii=False: Vietnamese as written


def test_import_without_json_prints_a_summary() -> None:
    result = CliRunner().invoke(main, ["plan", "import", str(SEED)])
    assert result.exit_code == 0
    assert result.stdout.startswith("UBND tỉnh Hà Giang · Số: 09 /KH-UBND · năm 2022")
    assert "summary_report_to_ministry: 2022-12-10" in result.stdout


def test_a_refused_file_names_its_path(tmp_path: Path) -> None:
    broken = tmp_path / "hỏng.pdf"
    broken.write_bytes(b"not a pdf at all")
    result = CliRunner().invoke(main, ["plan", "import", str(broken)])
    assert result.exit_code == 1
    assert str(broken) in result.stderr and "không phải tệp PDF" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_missing_file_names_its_path(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.docx"
    result = CliRunner().invoke(main, ["plan", "import", str(missing)])
    assert result.exit_code == 1 and str(missing) in result.stderr
