/* The editable rectification list.

   The list is the JSON the server drafted (#list-data); edits change it in
   place and are kept in the browser's localStorage under a key the server
   derives from the drafted list (cfg.listKey), so that they outlive the tab
   and come back when the same analysis is opened again (even after the
   server restarted and the same files were uploaded again).  Leaving the page
   with edits not yet exported asks first (beforeunload).  Rows are drawn from the
   <template id="row-template"> the server renders, filled with textContent and
   .value only (never HTML).  Merging two rows and exporting are done by the
   server (POST /api/merge, POST /export/<fmt>), which checks the list strictly
   and writes the files with the same exporters as the command line. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("list-config").textContent);
  var W = cfg.words;
  var drafted = document.getElementById("list-data").textContent;
  var storePrefix = "analyzer-list-";
  var storeKey = storePrefix + cfg.listKey;
  var tbody = document.getElementById("rows");
  var template = document.getElementById("row-template");
  var statusBox = document.getElementById("status");
  var countBox = document.getElementById("row-count");
  var list = JSON.parse(drafted);
  var restored = false;
  var unexported = false;   // edits made since the last export (or since the draft)
  try {
    var saved = JSON.parse(window.localStorage.getItem(storeKey) || "null");
    if (saved && saved.list && JSON.stringify(saved.list) !== JSON.stringify(list)) {
      list = saved.list;
      unexported = !!saved.unexported;
      restored = true;
    }
  } catch (e) { /* storage unavailable or damaged: start from the draft */ }

  // Role marks of either language, as shown (（牵头）, " (lead)") and with ASCII brackets.
  var marks = [];
  Object.keys(cfg.roleMarks).forEach(function (lang) {
    var m = cfg.roleMarks[lang];
    Object.keys(m).forEach(function (role) {
      var mark = m[role].trim();
      marks.push([mark, role]);
      marks.push([mark.replace("（", "(").replace("）", ")"), role]);
    });
  });

  function trim(s) { return s.trim(); }
  function nonEmpty(s) { return s.length > 0; }
  function say(message, isError) {
    statusBox.textContent = message;
    statusBox.classList.toggle("error", !!isError);
  }
  function store() {
    var value = JSON.stringify({list: list, unexported: unexported, saved: Date.now()});
    try {
      window.localStorage.setItem(storeKey, value);
    } catch (e) {
      // Full: the lists of other analyses go first (this one is being worked on).
      try {
        for (var k = window.localStorage.length - 1; k >= 0; k--) {
          var key = window.localStorage.key(k);
          if (key && key.indexOf(storePrefix) === 0 && key !== storeKey) { window.localStorage.removeItem(key); }
        }
        window.localStorage.setItem(storeKey, value);
      } catch (e2) { /* off or still full: edits live until the page is left */ }
    }
  }
  function save() {
    unexported = true;
    store();
  }
  window.addEventListener("beforeunload", function (e) {
    if (!unexported) { return; }
    e.preventDefault();
    e.returnValue = "";   // the browser shows its own question; older ones need a value
    return "";
  });

  // --- cells <-> row fields --------------------------------------------------------

  function formatNames(items) {
    return items.map(function (r) {
      return r.name + (r.role ? (cfg.roleMarks[cfg.lang][r.role] || "") : "");
    }).join(cfg.nameSep);
  }

  function parseNames(value, old, kind) {
    var out = [];
    var seen = {};
    value.split(/[、;；,，\n]+/).map(trim).filter(nonEmpty).forEach(function (piece) {
      var role = null;
      for (var i = 0; i < marks.length; i++) {
        var mark = marks[i][0];
        if (piece.length > mark.length && piece.slice(-mark.length) === mark) {
          role = marks[i][1];
          piece = piece.slice(0, -mark.length).trim();
          break;
        }
      }
      if (!piece || seen[piece]) { return; }
      seen[piece] = true;
      var before = old.filter(function (r) { return r.name === piece; })[0];
      out.push({name: piece, text: before ? before.text : piece, kind: kind, role: role,
                inherited: before ? before.inherited : false});
    });
    return out;
  }

  function parseLimits(value, old) {
    return value.split(/[；;\n]+/).map(trim).filter(nonEmpty).map(function (piece) {
      var before = old.filter(function (t) { return t.text === piece; })[0];
      return before || {text: piece, type: null, value: null};
    });
  }

  function field(tr, name) { return tr.querySelector('[data-field="' + name + '"]'); }

  function autosize(el) {
    el.style.height = "auto";
    el.style.height = (el.scrollHeight + 2) + "px";
  }

  function fill(tr, row, i) {
    tr.className = "row cat-" + row.category;
    tr.querySelector(".no").textContent = String(i + 1);
    field(tr, "problem").value = row.problem;
    field(tr, "category").value = row.category;
    field(tr, "measures").value = row.measures.join("\n");
    field(tr, "measures").classList.toggle("invalid", row.measures.length === 0);
    field(tr, "bodies").value = formatNames(row.bodies);
    field(tr, "roles").value = formatNames(row.roles);
    field(tr, "time_limit").value = row.time_limits.map(function (t) { return t.text; }).join("；");
    var ul = tr.querySelector(".sources");
    ul.textContent = "";
    row.sources.forEach(function (s) {
      var li = document.createElement("li");
      var first = s.measures[0] ? ["m", s.measures[0]] : (s.problems[0] ? ["p", s.problems[0]] : null);
      var holder = li;
      var second = s.link === "manual" ? W.added_by_hand : "";
      if (first && Object.prototype.hasOwnProperty.call(cfg.docIndex, s.doc)) {
        holder = document.createElement("a");
        holder.href = cfg.docUrl + cfg.docIndex[s.doc] + "#" + first[0] + "-" + first[1].start + "-" + first[1].end;
        holder.title = s.section.join(" › ");
        second = s.section.length ? s.section.join(" › ") : W.view_in_text;
        li.appendChild(holder);
      }
      var docPart = document.createElement("span");
      docPart.className = "src-doc";
      docPart.textContent = s.doc;
      var secPart = document.createElement("span");
      secPart.className = "src-sec";
      secPart.textContent = second;
      holder.appendChild(docPart);
      holder.appendChild(secPart);
      ul.appendChild(li);
    });
    tr.querySelector('[data-act="merge"]').disabled = i + 1 >= list.rows.length;
  }

  function render() {
    tbody.textContent = "";
    list.rows.forEach(function (row, i) {
      var tr = template.content.querySelector("tr").cloneNode(true);
      fill(tr, row, i);
      tbody.appendChild(tr);
    });
    var areas = tbody.querySelectorAll("textarea");
    for (var k = 0; k < areas.length; k++) { autosize(areas[k]); }
    countBox.textContent = W.rows_count.replace("{n}", list.rows.length);
    var none = document.getElementById("no-rows");
    if (none) { none.hidden = list.rows.length > 0; }
  }

  function rowIndex(tr) { return Array.prototype.indexOf.call(tbody.children, tr); }

  function flash(i) {
    var tr = tbody.children[i];
    if (!tr) { return; }
    tr.classList.add("flash");
    tr.scrollIntoView({block: "nearest"});
  }

  // --- editing ----------------------------------------------------------------------

  tbody.addEventListener("input", function (e) {
    var el = e.target;
    var name = el.getAttribute("data-field");
    if (!name) { return; }
    var row = list.rows[rowIndex(el.closest("tr"))];
    if (name === "problem") {
      row.problem = el.value;
    } else if (name === "measures") {
      row.measures = el.value.split("\n").map(trim).filter(nonEmpty);
      el.classList.toggle("invalid", row.measures.length === 0);
    } else if (name === "bodies") {
      row.bodies = parseNames(el.value, row.bodies, "body");
    } else if (name === "roles") {
      row.roles = parseNames(el.value, row.roles, "role");
    } else if (name === "time_limit") {
      row.time_limits = parseLimits(el.value, row.time_limits);
    }
    if (el.tagName === "TEXTAREA") { autosize(el); }
    save();
  });

  tbody.addEventListener("change", function (e) {
    var el = e.target;
    if (el.getAttribute("data-field") !== "category") { return; }
    var tr = el.closest("tr");
    list.rows[rowIndex(tr)].category = el.value;
    tr.className = "row cat-" + el.value;
    save();
  });

  function newRow(after) {
    var src = after && after.sources[0];
    var doc = src ? {id: src.doc, title: src.title} : list.documents[0];
    return {problem: "", category: "other", problem_category: null, measures: [], bodies: [], roles: [],
            time_limits: [], sources: [{doc: doc.id, title: doc.title || null, section: [], link: "manual",
                                        problems: [], measures: [], span: {start: 0, end: 0}}]};
  }

  function insertAt(i, after) {
    list.rows.splice(i, 0, newRow(after));
    render();
    save();
    flash(i);
    field(tbody.children[i], "measures").focus();
  }

  function emptyRow() {
    for (var i = 0; i < list.rows.length; i++) {
      if (!list.rows[i].measures.length) { return i; }
    }
    return -1;
  }

  function post(url, data) {
    return fetch(url, {method: "POST", credentials: "same-origin",
                       headers: {"Content-Type": "application/json"}, body: JSON.stringify(data)});
  }

  function failure(res) {
    return res.json().then(function (d) { throw new Error(d.error || W.server_failed.replace("{status}", res.status)); },
                          function () { throw new Error(W.server_failed.replace("{status}", res.status)); });
  }

  // A fetch that never reached the server fails with the browser's own words
  // (in English, whatever the page's language): say it in the page's.
  function reason(err) {
    return err instanceof TypeError ? W.network_failed : err.message;
  }

  function merge(i, btn) {
    if (i + 1 >= list.rows.length) { return; }
    for (var k = i; k <= i + 1; k++) {
      if (!list.rows[k].measures.length) {
        say(W.p_empty_measures.replace("{row}", k + 1), true);
        return;
      }
    }
    btn.disabled = true;
    post(cfg.mergeUrl, {rows: [list.rows[i], list.rows[i + 1]]}).then(function (res) {
      if (!res.ok) { return failure(res); }
      return res.json().then(function (data) {
        list.rows.splice(i, 2, data.row);
        render();
        save();
        flash(i);
        say("");
      });
    }).catch(function (err) {
      btn.disabled = false;
      say(W.merge_failed.replace("{msg}", reason(err)), true);
    });
  }

  tbody.addEventListener("click", function (e) {
    var btn = e.target.closest("button[data-act]");
    if (!btn) { return; }
    var i = rowIndex(btn.closest("tr"));
    var act = btn.getAttribute("data-act");
    if (act === "delete") {
      if (!window.confirm(W.confirm_delete.replace("{n}", i + 1))) { return; }
      list.rows.splice(i, 1);
      render();
      save();
    } else if (act === "insert") {
      insertAt(i + 1, list.rows[i]);
    } else if (act === "merge") {
      merge(i, btn);
    }
  });

  document.getElementById("add-row").addEventListener("click", function () {
    insertAt(list.rows.length, list.rows[list.rows.length - 1]);
  });

  document.getElementById("reset").addEventListener("click", function () {
    if (!window.confirm(W.confirm_reset)) { return; }
    list = JSON.parse(drafted);
    unexported = false;
    try { window.localStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
    render();
    say("");
  });

  // --- export ---------------------------------------------------------------------

  function exportAs(fmt, btn) {
    var bad = emptyRow();
    if (bad >= 0) {
      say(W.p_empty_measures.replace("{row}", bad + 1), true);
      field(tbody.children[bad], "measures").focus();
      return;
    }
    btn.disabled = true;
    say(W.exporting);
    post(cfg.exportUrl + fmt, list).then(function (res) {
      if (!res.ok) { return failure(res); }
      return res.blob().then(function (blob) {
        var name = cfg.downloadName + "." + fmt;
        var url = URL.createObjectURL(blob);
        var a = document.createElement("a");
        a.href = url;
        a.download = name;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
        say(W.exported.replace("{name}", name));
        unexported = false;
        store();
        document.body.setAttribute("data-exported", fmt);
      });
    }).catch(function (err) {
      say(W.export_failed.replace("{msg}", reason(err)), true);
    }).then(function () { btn.disabled = false; });
  }

  var buttons = document.querySelectorAll("button[data-export]");
  for (var b = 0; b < buttons.length; b++) {
    buttons[b].addEventListener("click", function (e) {
      exportAs(e.currentTarget.getAttribute("data-export"), e.currentTarget);
    });
  }

  render();
  if (restored) { say(W.restored); }
  document.body.setAttribute("data-ready", "1");
})();
