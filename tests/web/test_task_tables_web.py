"""Task tables through the web page: an uploaded .docx gives its table rows in
the one list, and an edited list with them exports as `analyzer issues` does.
The tables are written by task_table_helpers for these tests."""
from __future__ import annotations

import io

import pytest

flask = pytest.importorskip("flask")

from analyzer.ledger.update import read_ledger  # noqa: E402
from analyzer.web.app import create_app  # noqa: E402

from task_table_helpers import task_rows, write_docx  # noqa: E402

PROSE = "关于整改工作的通知\n一、工作要求\n各单位要在2025年5月31日前报送整改进展。"


@pytest.fixture(scope="module")
def client():
    return create_app().test_client()


def _upload(client, data: bytes):
    r = client.post("/analyze", data={"files": [(io.BytesIO(data), "plan.docx")], "text": "",
                                      "ref_date": "2025-03-01"}, content_type="multipart/form-data")
    assert r.status_code == 303, r.data[:300]
    return r.headers["Location"].split("/a/")[1].split("/")[0]


def test_uploaded_word_table_rows_are_in_the_list_and_export(client, tmp_path):
    data = task_rows(5)
    for r in data:
        r["measure"] = r["lead"] + "要" + r["measure"]     # the drafter finds these too: not twice
    path = tmp_path / "plan.docx"
    write_docx(path, data, prose=PROSE)
    aid = _upload(client, path.read_bytes())
    payload = client.get(f"/a/{aid}/list.json").get_json()
    rows = payload["rows"]
    tables = [r for r in rows if r["sources"][0].get("table")]
    assert len(tables) == 5 and len(rows) == 6
    assert {k: v for k, v in tables[0]["sources"][0]["table"].items() if k != "columns"} == {"name": "表1", "row": 4}
    assert [b["role"] for b in tables[0]["bodies"]] == ["lead", "support"]
    # the page posts the (edited) list back to export it: the table rows keep their source
    rows[1]["measures"] = [rows[1]["measures"][0] + "（已修改）"]
    r = client.post("/export/xlsx", json=payload)
    assert r.status_code == 200, r.data[:300]
    out = tmp_path / "list.xlsx"
    out.write_bytes(r.data)
    back = read_ledger(str(out), 10 ** 8)
    assert len(back) == 6
    assert back[1].measures[0].endswith("（已修改）")
    assert back[1].sources[0].describe() == "plan.docx\n表1 第4行"
