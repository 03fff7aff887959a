"""Text copied out of a PDF (pdftotext, copy and paste): hard-wrapped lines
joined, blanks around digits dropped.  Every text here is written for this file."""
import shutil
import subprocess

import pytest

from analyzer.extract.timelimits import find_time_limits
from analyzer.normalize import wrapped
from analyzer.normalize.pipeline import normalize

PARAGRAPHS = [
    "一、总体要求",
    "（一）工作目标。各乡镇要对照巡察反馈意见逐条制定整改措施，明确责任领导、责任单位和完成时限，"
    "确保所有问题在年底前全部整改到位，做到件件有着落、事事有回音。",
    "（二）基本原则。坚持问题导向，坚持标本兼治，坚持举一反三、以点带面，既解决具体问题，"
    "又健全长效机制，防止同类问题反弹回潮。",
    "二、工作措施",
    "（一）建立整改台账。县委办公室要会同县纪委监委建立整改台账，实行清单管理、挂图作战，"
    "每月报送一次整改进展情况，对进度滞后的单位及时通报并督促加快推进。",
    "（二）强化督查问效。县委督查室要采取明察暗访、随机抽查等方式开展督查，对敷衍整改、"
    "虚假整改的单位严肃追责问责，确保整改工作取得实实在在的成效。",
]


def hard_wrap(paragraphs, width=24, page_lines=9):
    """The paragraphs set in lines of ``width`` characters, with a page number
    and a blank line every ``page_lines`` lines, as pdftotext gives them."""
    lines = []
    for p in paragraphs:
        lines += [p[i:i + width] for i in range(0, len(p), width)]
    out = []
    for n, line in enumerate(lines, 1):
        out.append(line)
        if n % page_lines == 0:
            out += ["", f"- {n // page_lines} -", ""]
    return "\n".join(out)


def test_hard_wrapped_text_reads_as_its_paragraphs():
    flat = "\n".join(PARAGRAPHS)
    norm = normalize(hard_wrap(PARAGRAPHS))
    assert norm.text == normalize(flat).text
    assert norm.meta["lines_joined"] == 10  # 4+3+4+3 lines, one join fewer each
    assert {r["rule"] for r in norm.removed if r["kind"] == "boilerplate"} == {"page-number"}


@pytest.mark.parametrize("width", [18, 24, 31])
def test_page_widths(width):
    assert normalize(hard_wrap(PARAGRAPHS, width)).text == normalize("\n".join(PARAGRAPHS)).text


def test_offsets_across_a_join_map_back_to_the_original():
    raw = hard_wrap(PARAGRAPHS)
    norm = normalize(raw)
    i = norm.text.index("每月报送一次")
    start, end = norm.to_original(i, i + len("每月报送一次整改进展情况"))
    assert raw[start:end].replace("\n", "") == "每月报送一次整改进展情况"


@pytest.mark.parametrize("first,second,joined", [
    ("各单位要坚持问题导向，认真对照反馈意见逐条抓好", "整改落实，确保按期完成。", True),
    ("各单位要坚持问题导向，认真对照反馈意见逐条抓好。", "整改落实，确保按期完成。", False),  # a sentence ends
    ("各单位要坚持问题导向，认真对照反馈意见逐条抓好", "（三）加强组织领导。", False),   # a heading: （一）（二） came
    ("各单位要坚持问题导向，认真对照反馈意见逐条抓好", "1.建立整改台账。", False),       # a list item
    ("各单位要坚持问题导向，认真对照反馈意见做到举一反", "三、以点带面，确保按期完成。", True),  # no 二、 before: no heading
])
def test_join_rows(first, second, joined):
    filler = hard_wrap(PARAGRAPHS[1:3], width=len(first), page_lines=99).split("\n")
    text = "\n".join(filler + [first, second])
    out = normalize(text).text
    assert ((first + second) in out) is joined


def test_text_with_one_paragraph_a_line_is_left_alone():
    # headings alike in width, paragraphs far wider: no page to find
    text = "\n".join(["一、强化政治担当坚决扛起整改责任", PARAGRAPHS[1] * 3, "二、聚焦突出问题扎实推进整改落实",
                      PARAGRAPHS[2] * 3, "三、健全长效机制持续巩固整改成果", PARAGRAPHS[4] * 3,
                      "四、加强组织领导确保整改取得实效", PARAGRAPHS[5] * 3])
    norm = normalize(text)
    assert "lines_joined" not in norm.meta
    assert norm.text == text


@pytest.mark.parametrize("text,limit", [
    ("各单位要在6 月底前完成整改。", "6月底前"),
    ("请于 2025 年 5 月 31 日前报送整改报告。", "2025年5月31日前"),
    ("各乡镇每月 25 日前报送进展情况。", "每月25日前"),
    ("整改工作要在 30 个工作日内完成。", "30个工作日内"),
])
def test_blanks_inside_numbers_and_dates_are_dropped(text, limit):
    norm = normalize(text)
    assert limit in [t.text for t in find_time_limits(norm.text, None)]


@pytest.mark.parametrize("text", [
    "1 总体要求",                       # a heading's number keeps its blank
    "青川县委 青川县人民政府",           # two names, no digit
    "推进 AI 应用",                     # letters are not digits
])
def test_blanks_that_stay(text):
    assert normalize(text).text == text


def test_digit_gap_offsets():
    raw = "请于 2025 年 5 月 31 日前报送。"
    norm = normalize(raw)
    i = norm.text.index("2025")
    s, e = norm.to_original(i, i + len("2025年5月31日前"))
    assert raw[s:e] == "2025 年 5 月 31 日前"


@pytest.mark.parametrize("widths,page", [
    ([48] * 8 + [20, 12], 48),
    ([48, 46, 47, 48, 45, 48, 30, 48, 47, 12], 48),
    ([48] * 4 + [20], None),                 # too few lines
    ([48] * 8 + [300] * 3, None),            # lines far wider than the page
])
def test_page_width(widths, page):
    assert wrapped.page_width(widths) == page


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="LibreOffice (soffice) and pdftotext are needed to typeset and read back a PDF")
def test_pdftotext_output_gives_the_directives_of_the_text(tmp_path):
    """A document typeset to PDF by LibreOffice (a CJK font, its own line
    breaks) and read back by pdftotext gives the directives of its text."""
    import docx

    from analyzer.pipeline import analyze

    paragraphs = ["山河县人民政府办公室文件", "山政办发〔2022〕4号", "关于开展整改督查的通知",
                  "各乡镇人民政府，县直各部门："] + PARAGRAPHS * 4 + ["山河县人民政府办公室", "2022年3月9日"]
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(tmp_path / "通知.docx")
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "通知.docx")],
                   capture_output=True, timeout=180, check=True)
    copied = subprocess.run(["pdftotext", str(tmp_path / "通知.pdf"), "-"], capture_output=True,
                            timeout=60, check=True).stdout.decode("utf-8")
    assert "\n" in copied.strip() and copied.count("\n") > len(paragraphs)  # the PDF did wrap lines
    from_pdf, from_text = analyze(copied), analyze("\n".join(paragraphs))
    assert [x.text for x in from_pdf.directives] == [x.text for x in from_text.directives]
    assert from_pdf.meta["doc_number"] == "山政办发〔2022〕4号" and from_pdf.meta["issued"] == "2022-03-09"


@pytest.mark.parametrize("raw", [
    hard_wrap(PARAGRAPHS), hard_wrap(PARAGRAPHS, 18),
    "山河县人民政府文件\n山政发〔2021〕3号\n关于整改的\n通知\n各乡镇：\n" + "\n".join(PARAGRAPHS) + "\n山河县人民政府\n2021年3月9日",
    "请于 2025 年 5 月 31 日前报送。",
])
def test_normalizing_twice_changes_nothing(raw):
    once = normalize(raw).text
    assert normalize(once).text == once


def test_a_list_of_short_lines_is_no_page():
    members = ["林远 山河县人民政府副县长", "周立 山河县财政局局长", "陈青 山河县审计局局长", "吴江 山河县教育局局长",
               "郑平 山河县农业农村局局长", "王海 山河县交通运输局局长", "李川 山河县卫生健康局局长"]
    text = "联席会议成员名单\n" + "\n".join(members)
    assert normalize(text).text == text


def test_pinyin_ruby_cut_by_the_line_end_is_found_once_joined():
    # the ruby took room on the printed line: lines are measured as printed
    first = "各单位要坚持问题导向，进一步增强“四个意识"
    second = "(shí)”，切实把整改责任扛在肩上。"
    filler = hard_wrap(PARAGRAPHS[1:3], width=len(first) + 2, page_lines=99).split("\n")
    out = normalize("\n".join(filler + [first, second])).text
    assert "进一步增强“四个意识”，切实把整改责任扛在肩上。" in out
