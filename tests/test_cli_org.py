"""`planflow org import`: a file of units, agencies, users and roles, each call a separate process."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import as_json, env, planflow  # noqa: F401 - `env` is a fixture

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "organisation.csv"


def test_the_example_file_imports_once_and_again_changes_nothing(env, tmp_path):  # noqa: F811
    as_json(env, "init")
    as_json(env, "demo", "--regime", "3")
    first = as_json(env, "org", "import", str(EXAMPLE))
    assert (first["created"], first["updated"]) == (7, 0)  # Phòng Kinh tế và Hạ tầng, three people, three roles
    again = planflow(env, "org", "import", str(EXAMPLE))
    assert again.returncode == 0 and "0 mới, 0 cập nhật, 18 không đổi" in again.stdout
    users = {u["username"]: u for u in as_json(env, "users")}
    assert users["nguyen.ktht"]["agency"] == "Phòng Kinh tế và Hạ tầng huyện Tứ Kỳ"


def test_a_refused_file_exits_non_zero_names_every_row_and_writes_nothing(env, tmp_path):  # noqa: F811
    as_json(env, "init")
    bad = tmp_path / "bad.csv"
    bad.write_text("type,code,name,level,parent_code\nunit,99,Tỉnh Mới,province,\nunit,99,Tỉnh Trùng,province,\n"
                   "unit,98,Xã Mồ Côi,commune,12345\n", encoding="utf-8")
    result = planflow(env, "org", "import", str(bad))
    assert result.returncode == 1
    assert "không có gì được ghi" in result.stderr
    assert "dòng 3: trùng với dòng 2" in result.stderr and "dòng 4: Không có đơn vị mã '12345'" in result.stderr
    refused = planflow(env, "org", "import", str(bad), "--json")
    assert refused.returncode == 1
    assert [r["where"] for r in json.loads(refused.stdout)["refusals"]] == ["dòng 3", "dòng 4"]
    bad.write_text("type,code,name,level\nunit,99,Tỉnh Mới,province\n", encoding="utf-8")
    assert as_json(env, "org", "import", str(bad))["created"] == 1  # the first row had not been written before
