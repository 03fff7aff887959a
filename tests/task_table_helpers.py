"""Build task tables (整改任务清单) in .docx and .xlsx for the task-table tests.
Every sentence here was written for these tests."""
from __future__ import annotations

PROBLEMS = [
    "财务报销审核把关不严", "公务用车登记不规范", "会议记录内容不完整", "档案归档不及时",
    "政府采购程序执行不到位", "干部培训计划落实不够", "安全生产检查流于形式", "信访件办理超期",
    "项目资金拨付滞后", "内控制度更新不及时",
]
MEASURES = [
    "建立报销单据二次复核制度，每月抽查不少于十笔", "完善公务用车出车登记台账，逐车核对里程",
    "规范会议记录格式，会后三日内归档", "清理积压档案，建立按月归档机制",
    "修订政府采购内部规程，开展专项自查", "制定年度培训计划并按季度通报落实情况",
    "组织交叉检查，对发现的隐患建立销号清单", "逐件梳理超期信访件，明确办结时限",
    "建立资金拨付进度月报制度", "对照新规修订内控制度汇编",
]
LEADS = ["县财政局", "县机关事务中心", "县政府办公室", "县档案馆", "县财政局",
         "县委组织部", "县应急管理局", "县信访局", "县发展改革局", "县审计局"]
SUPPORTS = ["县审计局", "", "县委办公室、县政府办公室", "", "县市场监管局",
            "县人社局", "县住建局", "", "县财政局", ""]
PERSONS = ["王明", "李强", "张华", "赵敏", "王明", "陈静", "刘洋", "孙伟", "周涛", "吴芳"]
LIMITS = ["2025年6月底前", "2025年9月30日前", "长期坚持", "2025年12月底前", "2025年8月31日前",
          "每季度", "2025年10月底前", "2025年7月15日前", "每月25日前", "2025年11月30日前"]


def task_rows(n: int = 20) -> list[dict]:
    """``n`` task rows: problem, measure, lead, support, person, limit (varied by index)."""
    out = []
    for i in range(n):
        k = i % 10
        out.append({"problem": PROBLEMS[k] + ("" if i < 10 else "问题在二级单位同样存在"),
                    "measure": MEASURES[k] + ("" if i < 10 else "，并延伸至所属二级单位"),
                    "lead": LEADS[k], "support": SUPPORTS[k], "person": PERSONS[k], "limit": LIMITS[k]})
    return out


HEAD1 = ["序号", "存在问题", "整改措施", "责任单位", "责任单位", "责任人", "完成时限"]
HEAD2 = ["序号", "存在问题", "整改措施", "牵头单位", "配合单位", "责任人", "完成时限"]


def write_docx(path, rows: list[dict], *, title: str = "附件：巡察反馈问题整改任务清单",
               prose: str = "", group_after: int | None = None, blank_after: int | None = None) -> None:
    """A Word file: optional prose, then a table with a title row above a
    two-row header (责任单位 merged over 牵头单位 | 配合单位; 序号 and the
    other headers merged down), optional group title and blank rows."""
    import docx

    document = docx.Document()
    for para in prose.split("\n") if prose else []:
        document.add_paragraph(para)
    body = []
    for i, r in enumerate(rows):
        body.append([str(i + 1), r["problem"], r["measure"], r["lead"], r["support"], r["person"], r["limit"]])
        if group_after == i:
            body.append(["GROUP"] * 7)
        if blank_after == i:
            body.append([""] * 7)
    table = document.add_table(rows=3 + len(body), cols=7)
    table.style = "Table Grid"          # ruled, as offices print them (a PDF of it has lines)
    top = table.cell(0, 0).merge(table.cell(0, 6))
    top.text = title
    for j in range(7):
        if j in (3, 4):
            continue
        merged = table.cell(1, j).merge(table.cell(2, j))
        merged.text = HEAD1[j]
    head = table.cell(1, 3).merge(table.cell(1, 4))
    head.text = "责任单位"
    table.cell(2, 3).text, table.cell(2, 4).text = HEAD2[3], HEAD2[4]
    for i, values in enumerate(body, 3):
        if values[0] == "GROUP":
            table.cell(i, 0).merge(table.cell(i, 6)).text = "二、延伸整改任务"
            continue
        for j, v in enumerate(values):
            table.cell(i, j).text = v
    document.save(path)


def write_xlsx(path, rows: list[dict], *, title: str = "整改任务清单", merge_problem: bool = False) -> None:
    """An Excel sheet: a merged title row, one header row, the rows (dates as
    text), a blank row in the middle; optionally one problem merged over two rows."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "任务清单"
    ws.append([title])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "问题清单", "工作任务", "牵头单位", "配合单位", "责任领导", "整改时限"])
    for i, r in enumerate(rows):
        if i == len(rows) // 2:
            ws.append([])
        ws.append([i + 1, r["problem"], r["measure"], r["lead"], r["support"], r["person"], r["limit"]])
    if merge_problem:
        ws.merge_cells("B3:B4")
    wb.save(path)
