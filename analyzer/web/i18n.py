"""The page's words in Chinese (the default) and English.

Column headers and the role marks in party cells come from the exporters
(``ledger.export.COLUMNS``, ``ROLE_MARKS``), so the table on the page and the
exported files say the same thing.
"""
from __future__ import annotations

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

CATEGORY_LABELS = {
    "zh": {"ideology": "思想认识", "system": "制度机制", "work_style": "工作作风", "discipline": "纪律",
           "other": "其他"},
    "en": {"ideology": "Ideology", "system": "System", "work_style": "Work style", "discipline": "Discipline",
           "other": "Other"},
}

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "app_name": "讲话分析与整改台账",
        "nav_new": "新建分析",
        "nav_text": "原文标注",
        "nav_list": "整改台账",
        "lang_other": "English",
        "footer": "本页面只在本机运行：文件在内存中处理，不保存到磁盘，也不发往任何网站。",
        # upload
        "upload_title": "上传文件或粘贴文本",
        "upload_files": "选择文件（可多选）",
        "upload_kinds": "支持 .txt（UTF-8、GBK/GB18030、Big5、UTF-16 等任意常见编码）、.html、.docx、带文字层的 .pdf；扫描件 .pdf 和图片（.png、.jpg、.tif）需安装 OCR 组件后识别。",
        "paste_label": "或者粘贴文本",
        "paste_placeholder": "在此粘贴讲话或文件全文……",
        "ref_date_label": "参考日期（可不填）",
        "ref_date_help": "用于把“6月底前”“年底前”等时限推算为具体日期；不填则用文中的日期。",
        "submit": "开始分析",
        "working": "正在分析，请稍候……",
        "size_note": "一次上传合计不超过 {mb} MB。",
        "no_input": "请选择文件，或粘贴文本。",
        "too_large": "上传的内容超过 {mb} MB 的上限。请分批上传，或在命令行用 analyzer issues 处理大文件。",
        "too_large_client": "所选文件合计 {size} MB，超过 {mb} MB 的上限。请分批上传。",
        "bad_date": "参考日期的格式应为 YYYY-MM-DD，例如 2024-03-15。",
        "none_readable": "没有可以读取的内容。",
        "empty_file": "{name}：文件里没有文字。",
        "file_errors": "以下文件未能读取：",
        "pasted_name": "粘贴的文本",
        "what_it_does": "分析后可以查看标注好的原文（要求、问题、责任方、时限、提纲），并编辑自动生成的整改台账，导出为 Excel、Word 或 CSV。",
        # document view
        "outline": "提纲",
        "no_outline": "未识别到提纲。",
        "heading_missing": "（标题缺失）",
        "documents": "文档",
        "meta_title": "标题", "meta_speaker": "讲话人", "meta_occasion": "场合", "meta_date": "日期",
        "meta_source": "来源", "meta_encoding": "编码", "meta_script": "字形", "meta_format": "格式",
        "script_simplified": "简体", "script_traditional": "繁体（已转为简体）", "script_mixed": "繁简混合（已转为简体）",
        "counts": "要求 {d} 条 · 问题 {p} 条 · 责任方 {b} 个 · 时限 {t} 处",
        "legend": "图例",
        "show": "显示",
        "directive": "要求", "obligation": "应做", "prohibition": "禁止",
        "problem": "问题", "party": "责任方", "body": "责任单位", "role_person": "责任人",
        "time_limit": "时限", "placeholder": "匿名占位（不是真实值）", "heading": "标题",
        "role_lead": "牵头", "role_support": "配合", "role_supervise": "监督",
        "inherited": "承前文省略（继承自前文）",
        "trigger": "触发词", "action": "动作", "category": "类别", "scores": "得分", "name": "规范名",
        "task_role": "任务角色", "value": "规范值",
        "tl_date": "日期", "tl_deadline": "截止时限", "tl_duration": "期限", "tl_frequency": "频次",
        "tl_urgency": "紧迫程度", "tl_standing": "长期坚持",
        "removed": "已移除",
        "rm_boilerplate": "网页杂质", "rm_metadata": "元数据（已记入文档信息）", "rm_gap": "缺失内容",
        "rm_damaged": "损坏的文字", "rm_pinyin": "拼音注音", "rm_page_furniture": "页眉、页脚和页码",
        "gap_size": "此处缺失约 {size} 字",
        "gap_unknown": "此处有缺失（字数不详）",
        "pinyin_count": "已删除拼音注音 {n} 处。",
        "parts": "本文件包含 {n} 篇被拼接在一起的文本。",
        "part_label": "第 {n} 篇",
        "some_failed": "部分文件未能读取：",
        "to_list": "查看整改台账 →",
        # list view
        "list_title": "整改台账（草稿，可编辑）",
        "list_help": "直接修改单元格。“合并下一行”把两行并为一项任务；“出处”链接回原文中的位置。"
                     "修改自动保存在本浏览器中，再次打开同一份分析时会恢复；有未导出的修改时，关闭页面前会提醒。",
        "actions": "操作",
        "merge_next": "合并下一行", "delete": "删除", "insert_below": "在下方插入", "add_row": "添加一行",
        "reset": "恢复为自动生成的台账",
        "export_label": "导出：",
        "export_xlsx": "Excel (.xlsx)", "export_docx": "Word (.docx)", "export_csv": "CSV",
        "confirm_delete": "删除第 {n} 行？",
        "confirm_reset": "放弃所有修改，恢复为自动生成的台账？",
        "restored": "已恢复上次在本浏览器中对这份台账所做的修改。",
        "unaddressed_title": "未对应措施的问题（不单独成行，供核对）",
        "view_in_text": "在原文中查看",
        "added_by_hand": "人工添加",
        "no_rows": "没有生成任何任务。可以用“添加一行”手工填写。",
        "noscript": "编辑需要启用 JavaScript。可以直接下载自动生成的台账：",
        "hint_measures": "每行一条措施",
        "hint_names": "多个名称用“、”分开；可注明（牵头）（配合）（监督）",
        "hint_limits": "多个时限用“；”分开",
        "exporting": "正在导出……",
        "exported": "已导出 {name}。",
        "export_failed": "导出失败：{msg}",
        "merge_failed": "合并失败：{msg}",
        "rows_count": "共 {n} 项任务",
        "saved_local": "修改已保存在本浏览器",
        "server_failed": "服务器返回错误（{status}）",
        "network_failed": "无法连接到分析服务，请确认 analyzer serve 仍在运行",
        # errors
        "error": "出错了",
        "back_home": "返回首页",
        "e400": "请求有误", "e400_text": "提交的内容无法处理。",
        "e404": "找不到页面",
        "e404_text": "这次分析可能已从内存中清除（服务器重启过，或分析过的文档太多）。请重新上传。",
        "e405": "不支持这种请求", "e405_text": "请从首页开始操作。",
        "e413": "内容太大",
        "e415": "格式不对", "e415_text": "请以 application/json 提交。",
        "e500": "服务器内部错误",
        "e500_text": "处理时出现了问题，请重试；如果仍然出错，请把文件交给维护人员。",
        "e_other": "请求未能完成（{status}）", "e_other_text": "请返回首页重新操作。",
        "cannot_analyze": "{name}：分析时出错，已跳过此文件（详情见运行 analyzer serve 的窗口）。",
        "unreadable": "{name}：无法读取此文件（详情见运行 analyzer serve 的窗口）。",
        # payload checks (edited list)
        "p_json": "提交的内容不是有效的 JSON（{detail}）。",
        "p_type": "{where}：应为 {expected}。",
        "p_unknown": "{where}：未知字段 {field}。",
        "p_missing": "{where}：缺少字段 {field}。",
        "p_too_long": "{where}：超过 {limit} 个字符。",
        "p_too_many": "{where}：超过 {limit} 项。",
        "p_choice": "{where}：应为 {choices} 之一。",
        "p_empty": "{where}：不能为空。",
        "p_empty_measures": "第 {row} 行：整改措施不能为空。",
        "p_offsets": "{where}：位置应满足 0 ≤ 起点 ≤ 终点。",
        "p_unknown_doc": "{where}：文档 {doc} 不在本台账的文档列表中。",
        "p_duplicate_doc": "{where}：文档 {doc} 重复。",
        "p_too_large": "提交的内容超过 {limit} 字节的上限。",
        "p_format": "不支持导出为 .{fmt}（可选：{choices}）。",
    },
    "en": {
        "app_name": "Speech analyzer and rectification list",
        "nav_new": "New analysis",
        "nav_text": "Annotated text",
        "nav_list": "Rectification list",
        "lang_other": "中文",
        "footer": "This page runs on this computer only: files are processed in memory, never saved to disk "
                  "and never sent to any website.",
        "upload_title": "Upload files or paste text",
        "upload_files": "Choose files (several at once are fine)",
        "upload_kinds": "Accepted: .txt in any common encoding (UTF-8, GBK/GB18030, Big5, UTF-16 …), .html, .docx, .pdf with a text layer; scanned .pdf and images (.png, .jpg, .tif) with the OCR extra installed.",
        "paste_label": "Or paste text",
        "paste_placeholder": "Paste the speech or document here …",
        "ref_date_label": "Reference date (optional)",
        "ref_date_help": "Turns relative deadlines such as 6月底前 or 年底前 into dates; "
                         "without it the document's own date is used.",
        "submit": "Analyze",
        "working": "Analyzing, please wait …",
        "size_note": "At most {mb} MB per upload in total.",
        "no_input": "Choose a file or paste some text.",
        "too_large": "The upload is larger than the limit of {mb} MB. Upload fewer files at a time, "
                     "or use `analyzer issues` on the command line for very large files.",
        "too_large_client": "The chosen files add up to {size} MB, above the limit of {mb} MB. "
                            "Upload fewer at a time.",
        "bad_date": "The reference date must be YYYY-MM-DD, for example 2024-03-15.",
        "none_readable": "Nothing could be read.",
        "empty_file": "{name}: holds no text.",
        "file_errors": "These files could not be read:",
        "pasted_name": "pasted text",
        "what_it_does": "After the analysis you can read the annotated text (directives, problems, responsible "
                        "parties, time limits, outline) and edit the drafted rectification list, then export "
                        "it to Excel, Word or CSV.",
        "outline": "Outline",
        "no_outline": "No outline found.",
        "heading_missing": "(heading missing)",
        "documents": "Documents",
        "meta_title": "Title", "meta_speaker": "Speaker", "meta_occasion": "Occasion", "meta_date": "Date",
        "meta_source": "Source", "meta_encoding": "Encoding", "meta_script": "Script", "meta_format": "Format",
        "script_simplified": "simplified", "script_traditional": "traditional (converted)",
        "script_mixed": "mixed (converted)",
        "counts": "{d} directives · {p} problems · {b} parties · {t} time limits",
        "legend": "Legend",
        "show": "Show",
        "directive": "Directive", "obligation": "obligation", "prohibition": "prohibition",
        "problem": "Problem", "party": "Party", "body": "Responsible body", "role_person": "Responsible person",
        "time_limit": "Time limit", "placeholder": "Anonymization placeholder (not a real value)",
        "heading": "Heading",
        "role_lead": "lead", "role_support": "support", "role_supervise": "supervise",
        "inherited": "inherited from earlier in the text",
        "trigger": "trigger", "action": "action", "category": "category", "scores": "scores", "name": "name",
        "task_role": "role in the task", "value": "value",
        "tl_date": "date", "tl_deadline": "deadline", "tl_duration": "duration", "tl_frequency": "frequency",
        "tl_urgency": "urgency", "tl_standing": "standing",
        "removed": "Removed",
        "rm_boilerplate": "page noise", "rm_metadata": "metadata (kept in the document info)",
        "rm_gap": "missing text", "rm_damaged": "damaged text", "rm_pinyin": "pinyin ruby",
        "rm_page_furniture": "running headers, footers and page numbers",
        "gap_size": "About {size} characters are missing here",
        "gap_unknown": "Text is missing here (size unknown)",
        "pinyin_count": "{n} pinyin ruby annotations removed.",
        "parts": "This file holds {n} texts run together.",
        "part_label": "Text {n}",
        "some_failed": "Some files could not be read:",
        "to_list": "Rectification list →",
        "list_title": "Rectification list (draft, editable)",
        "list_help": "Edit the cells directly. “Merge with next” makes two rows one task; the source links go "
                     "back to the place in the text. Edits are saved in this browser and come back when the same "
                     "analysis is opened again; leaving with edits not yet exported asks first.",
        "actions": "Actions",
        "merge_next": "Merge with next", "delete": "Delete", "insert_below": "Insert below", "add_row": "Add a row",
        "reset": "Back to the drafted list",
        "export_label": "Export:",
        "export_xlsx": "Excel (.xlsx)", "export_docx": "Word (.docx)", "export_csv": "CSV",
        "confirm_delete": "Delete row {n}?",
        "confirm_reset": "Discard every edit and go back to the drafted list?",
        "restored": "Your earlier edits of this list in this browser were restored.",
        "unaddressed_title": "Problems with no measure (not rows; listed for checking)",
        "view_in_text": "show in the text",
        "added_by_hand": "added by hand",
        "no_rows": "No task was drafted. Use “Add a row” to write one.",
        "noscript": "Editing needs JavaScript. The drafted list can be downloaded as it is:",
        "hint_measures": "one measure per line",
        "hint_names": "names apart with 、 or ;, roles as (lead) (support) (supervise)",
        "hint_limits": "time limits apart with ；",
        "exporting": "Exporting …",
        "exported": "Exported {name}.",
        "export_failed": "Export failed: {msg}",
        "merge_failed": "Merge failed: {msg}",
        "rows_count": "{n} tasks",
        "saved_local": "edits saved in this browser",
        "server_failed": "the server answered with an error ({status})",
        "network_failed": "cannot reach the analyzer; is analyzer serve still running?",
        "error": "Something went wrong",
        "back_home": "Back to the start page",
        "e400": "Bad request", "e400_text": "What was sent cannot be processed.",
        "e404": "Page not found",
        "e404_text": "This analysis may no longer be in memory (the server was restarted, or many documents "
                     "were analyzed since). Please upload again.",
        "e405": "Method not allowed", "e405_text": "Please start from the start page.",
        "e413": "Too large",
        "e415": "Wrong format", "e415_text": "Send application/json.",
        "e500": "Internal error",
        "e500_text": "Something failed while processing. Try again; if it keeps failing, hand the file to "
                     "whoever maintains this tool.",
        "e_other": "The request could not be completed ({status})", "e_other_text": "Please start again from the "
                                                                                     "start page.",
        "cannot_analyze": "{name}: cannot analyze ({kind}); the other files were analyzed.",
        "unreadable": "{name}: {problem}",
        "p_json": "Not valid JSON ({detail}).",
        "p_type": "{where}: must be {expected}.",
        "p_unknown": "{where}: unknown field {field}.",
        "p_missing": "{where}: missing field {field}.",
        "p_too_long": "{where}: longer than {limit} characters.",
        "p_too_many": "{where}: more than {limit} items.",
        "p_choice": "{where}: must be one of {choices}.",
        "p_empty": "{where}: may not be empty.",
        "p_empty_measures": "Row {row}: the measures may not be empty.",
        "p_offsets": "{where}: offsets must satisfy 0 ≤ start ≤ end.",
        "p_unknown_doc": "{where}: document {doc} is not in this list's documents.",
        "p_duplicate_doc": "{where}: document {doc} is listed twice.",
        "p_too_large": "The request is larger than the limit of {limit} bytes.",
        "p_format": "Cannot export to .{fmt} (choose from {choices}).",
    },
}


def words(lang: str) -> dict[str, str]:
    """The page's words in ``lang`` (the default language for an unknown one)."""
    return WORDS[lang if lang in WORDS else DEFAULT_LANG]


def t(lang: str, key: str, **kw) -> str:
    """One word or message in ``lang``, formatted with ``kw``; the default language's if missing."""
    text = words(lang).get(key) or WORDS[DEFAULT_LANG][key]
    return text.format(**kw) if kw else text


def input_error_text(lang: str, name: str, problem: str) -> str | None:
    """Why ``name`` could not be read, in ``lang``; None when the reason is
    not one the Chinese page knows (the caller then says so generically)."""
    from ..messages import input_reason

    return t(lang, "unreadable", name=name, problem=problem) if lang != "zh" else input_reason("zh", name, problem)


# The words PayloadError puts into its messages (what a field should be).
_PAYLOAD_WORDS_ZH = {"string": "字符串", "string or null": "字符串或 null", "integer": "整数", "number": "数字",
                     "boolean": "true 或 false", "array": "数组", "object": "对象", "object or null": "对象或 null",
                     "array of 2 rows": "两行组成的数组", "not UTF-8": "不是 UTF-8 编码",
                     "nested too deeply": "嵌套层数过多"}


def payload_text(lang: str, code: str, params: dict) -> str:
    """A PayloadError's message in ``lang``; in Chinese, its English words
    translated, and a JSON parser's own English detail replaced."""
    if lang == "zh":
        params = dict(params)
        for key in ("expected", "detail"):
            if key in params:
                params[key] = _PAYLOAD_WORDS_ZH.get(params[key], "格式错误" if key == "detail" else params[key])
    return t(lang, f"p_{code}", **params)
