/* The county office's page, 年度计划: the year's tasks by heading with their states (overdue marked), added, edited
   and deleted, the window phrase read as dates while the clerk types; the 任务分解表 imported (every refused cell
   listed) and its template; the year-to-date summary and its files; the office's own words in the year summary
   (存在的问题, 下一步工作打算, a paragraph per area). What is typed is kept on this device until the API has taken it. */
(function () {
  "use strict";
  var $ = SY.$,
    el = SY.el,
    O = SY.office;
  var api = O.api,
    may = O.may,
    writeButton = O.writeButton,
    failed = O.failed,
    offline = O.offline,
    badge = O.badge,
    button = O.button,
    when = O.when,
    unitName = O.unitName,
    refusal = O.refusal,
    box = O.box,
    download = O.download,
    decimal = O.decimal;
  var TASK_DRAFT = "admin.draft.task";
  // --- the year's plan: each task's state by heading; the tasks edited; the table imported -----------------
  var STATES = {
    done: ["已完成", "ok"],
    in_progress: ["进行中", "wait"],
    not_started: ["未开始", "late"],
    overdue: ["逾期未报", "bad"],
  };
  var COLUMN_NAMES = { heading: "分类", title: "任务", unit_ids: "责任单位", lead_unit_ids: "牵头单位", window: "时间", activity_types: "活动类型", target: "目标", area: "工作领域", file: "文件" };
  var planYear = null;
  var plan = null; // the year's plan as last read
  var taskForm = null; // what the task form offers: {types: x-activity-types, areas: [[code, label]]}
  var taskEditing = null; // {task_id, version} or null for a new task
  var windowTimer = null;
  var windowAsked = 0;

  function loadPlanView() {
    planYear = SY.today().slice(0, 4);
    $("plan-title").textContent = planYear + "年度计划";
    if (!loadPlanView.bound) {
      loadPlanView.bound = true;
      $("compile-year").addEventListener("click", compileYear);
      $("new-task").addEventListener("click", function () {
        newTask();
      });
      $("plan-file").addEventListener("change", importPlan);
      $("plan-template").addEventListener("click", function () {
        download("/plans/" + planYear + "/template.xlsx");
      });
    }
    return Promise.all([api("GET", "/plans/" + planYear), O.units(), formOfTasks()]).then(function (answers) {
      var answer = answers[0];
      if (answer.status !== 200) return SY.toast(failed(answer));
      renderPlan(answer.body);
      loadNotes(planYear);
      if (answer.body.summary_requested) loadYear(planYear);
      else showYear(planYear, null); // never compiled: nothing to ask for (a 404 would be a console error)
      var draft = SY.load(TASK_DRAFT, null);
      if (draft && may("write") && $("task-form").hidden) showTaskForm(draft.values, draft.editing, "本机有未保存的内容，已恢复");
    }, offline);
  }
  /* The activity types (the report form's schema) and the areas (the plan task form's), read once. */
  function formOfTasks() {
    if (taskForm) return Promise.resolve(taskForm);
    return Promise.all([api("GET", "/forms/report/schema"), api("GET", "/forms/plan-task/schema")]).then(function (answers) {
      if (answers[0].status !== 200 || answers[1].status !== 200) return null;
      var area = answers[1].body.properties.area;
      var codes = answers[1].body.$defs[area.anyOf[0].$ref.split("/").pop()].enum;
      taskForm = {
        types: answers[0].body["x-activity-types"],
        areas: codes.map(function (c) {
          return [c, area.labels[c]];
        }),
      };
      return taskForm;
    });
  }
  function renderPlan(found) {
    plan = found;
    var c = found.counts;
    $("plan-counts").textContent = found.tasks.length
      ? "共" + c.tasks + "项：已完成" + c.done + "，进行中" + c.in_progress + "，未开始" + c.not_started + "，逾期未报" + c.overdue + "。"
      : may("write") ? "本年度尚未录入计划任务：点“添加任务”，或下载模板填好后导入任务分解表。" : "本年度尚未录入计划任务。";
    var out = SY.clear($("plan"));
    var tables = Object.create(null); // a heading's table, made where the heading first comes: its tasks gathered under it once
    found.tasks.forEach(function (t) {
      var table = tables[t.heading];
      if (!table) {
        table = tables[t.heading] = el("tbody");
        out.appendChild(el("h3", { text: t.heading }));
        out.appendChild(el("table", { class: "grid" }, [
          el("thead", {}, [el("tr", {}, [el("th", { text: "任务" }), el("th", { text: "状态" }), el("th", { class: "num", text: "报告" })])]),
          table,
        ]));
      }
      var state = STATES[t.progress.state];
      var more = el("div", { class: "task-more", hidden: true });
      var row = el("tr", { class: t.progress.state === "overdue" ? "missing" : "", "data-task": t.task_id, "data-state": t.progress.state }, [
        el("td", {}, [
          el("button", { type: "button", class: "link task-title", text: t.title, onclick: function () {
            more.hidden = !more.hidden;
            if (!more.hidden) taskMore(t, more);
          } }),
          el("div", { class: "hint", text: taskUnits(t) + " · " + t.window.text + "（" + span(t.window) + "）" }),
          more,
        ]),
        el("td", {}, [badge(state[0], state[1]), t.progress.achieved_text ? el("div", { class: "hint", text: t.progress.achieved_text }) : null]),
        el("td", { class: "num", text: String(t.progress.reports) }),
      ]);
      table.appendChild(row);
    });
  }
  /* The task's units, the leading ones marked: 县民政局（牵头）、县司法局. */
  function taskUnits(t) {
    return t.unit_ids.map(function (id, i) {
      return t.unit_names[i] + (t.lead_unit_ids.indexOf(id) >= 0 ? "（牵头）" : "");
    }).join("、");
  }
  function day(iso) {
    return Number(iso.slice(5, 7)) + "月" + Number(iso.slice(8, 10)) + "日";
  }
  function span(w) {
    return w.from === w.to ? day(w.from) : day(w.from) + "至" + day(w.to);
  }
  /* A task opened: its windows and each one's state, its linked reports (those outside the window said so), edit, delete. */
  function taskMore(t, into) {
    SY.clear(into);
    var windows = t.progress.windows;
    if (windows && windows.length) {
      into.appendChild(el("ul", { class: "windows" }, windows.map(function (w) {
        var state = STATES[w.state] || [w.label, "wait"];
        return el("li", { "data-window": w.from, "data-state": w.state }, [w.text + "（" + span(w) + "）：", badge(w.label || state[0], state[1]), " 报告" + w.reports + "份"]);
      })));
    }
    into.appendChild(el("p", { class: "hint", text: "工作领域：" + areaLabel(t.area) + (t.target ? " · 目标：" + t.target.label : "") + (t.activity_types.length ? " · 活动类型：" + t.activity_types.map(typeLabel).join("、") : "") }));
    if (t.reports.length) {
      into.appendChild(el("ul", { class: "linked" }, t.reports.map(function (r) {
        return el("li", { "data-report": r.report_id }, [
          when(r.occurred_on) + " " + unitName(r.unit_id) + "：" + r.title,
          r.outside_window ? badge("不在计划时间内", "bad") : null,
        ]);
      })));
    } else into.appendChild(el("p", { class: "hint", text: "还没有关联报告。" }));
    var confirmBox = O.confirmation("删除任务“" + t.title + "”？删除后不能恢复。", "确认删除", function () {
      return api("DELETE", "/plans/" + planYear + "/tasks/" + encodeURIComponent(t.task_id)).then(O.taken(204)).then(function () {
        SY.toast("已删除：" + t.title);
        loadPlanView();
      });
    });
    into.appendChild(el("div", { class: "actions" }, [
      writeButton("write", "修改", function () {
        editTask(t);
      }),
      writeButton("write", "删除", function () {
        confirmBox.ask();
      }, "link danger"),
    ]));
    into.appendChild(confirmBox);
  }
  function typeLabel(code) {
    var found = ((taskForm && taskForm.types) || []).filter(function (t) {
      return t.code === code;
    })[0];
    return found ? found.label.split("（")[0] : code;
  }
  function areaLabel(code) {
    var found = ((taskForm && taskForm.areas) || []).filter(function (a) {
      return a[0] === code;
    })[0];
    return found ? found[1] : code;
  }

  // --- a task's form: what is typed is kept on this device until the API has taken it ----------------------
  function newTask() {
    var draft = SY.load(TASK_DRAFT, null);
    if (draft && !draft.editing) return showTaskForm(draft.values, null, "本机有未保存的内容，已恢复");
    showTaskForm({ heading: "", title: "", unit_ids: [], lead_unit_ids: [], window: "", activity_types: [], figure: "reports", target: "", area: "" }, null);
  }
  function editTask(t) {
    var draft = SY.load(TASK_DRAFT, null);
    if (draft && draft.editing && draft.editing.task_id === t.task_id) return showTaskForm(draft.values, draft.editing, "本机有未保存的修改，已恢复");
    showTaskForm({
      heading: t.heading,
      title: t.title,
      unit_ids: t.unit_ids.slice(),
      lead_unit_ids: t.lead_unit_ids.slice(),
      window: t.window.text,
      activity_types: t.activity_types.slice(),
      figure: t.target ? t.target.figure : "reports",
      target: t.target ? String(t.target.value) : "",
      area: t.area,
    }, { task_id: t.task_id, version: t.version });
  }
  function taskValues() {
    var form = $("task-form");
    var v = O.values(form);
    v.unit_ids = checked(form, "unit");
    v.lead_unit_ids = checked(form, "lead");
    v.activity_types = checked(form, "type");
    return v;
  }
  function checked(form, name) {
    return Array.prototype.filter.call(form.querySelectorAll('input[data-list="' + name + '"]'), function (i) {
      return i.checked;
    }).map(function (i) {
      return i.value;
    });
  }
  function taskDraft() {
    return { values: taskValues(), editing: taskEditing };
  }
  function keepTask() {
    SY.save(TASK_DRAFT, taskDraft());
  }
  function ticks(name, options, picked) {
    return el("div", { class: "ticks", id: "task-" + name + "s" }, options.map(function (o) {
      return el("label", { class: "choice" }, [
        el("input", { type: "checkbox", "data-list": name, value: o[0], checked: picked.indexOf(o[0]) >= 0 }),
        el("span", { text: o[1] }),
      ]);
    }));
  }
  /* What a target may count: the two of every task, then the chosen types' figures (any type's when none is
     chosen). Two types may each have a figure of the same words (国防教育's 场次 and 军地文化交流's): those are
     named with their type. */
  function figureOptions(types) {
    var found = [["reports", "活动次数（次）"], ["participants", "参加人数（人次）"]];
    var typeOf = {};
    ((taskForm && taskForm.types) || []).forEach(function (t) {
      if (types.length && types.indexOf(t.code) < 0) return;
      t.figures.forEach(function (f) {
        if (typeOf[f.code]) return;
        typeOf[f.code] = t.label.split("（")[0];
        found.push([f.code, f.label + (f.unit ? "（" + f.unit + "）" : "")]);
      });
    });
    var times = {};
    found.forEach(function (o) {
      times[o[1]] = (times[o[1]] || 0) + 1;
    });
    return found.map(function (o) {
      return times[o[1]] > 1 ? [o[0], typeOf[o[0]] + o[1]] : o;
    });
  }
  /* The form, once it knows the units and the types to offer. */
  function showTaskForm(v, editing, note) {
    return Promise.all([formOfTasks(), O.units()]).then(function () {
      drawTaskForm(v, editing, note);
    }, offline);
  }
  function drawTaskForm(v, editing, note) {
    taskEditing = editing;
    var form = $("task-form");
    var fields = SY.clear(form.querySelector(".fields"));
    var f = O.field,
      input = O.input;
    var headings = (plan ? plan.tasks : []).map(function (t) {
      return t.heading;
    }).filter(function (h, i, all) {
      return all.indexOf(h) === i;
    });
    var units = O.unitsNow().filter(function (u) {
      return u.active || v.unit_ids.indexOf(u.unit_id) >= 0;
    }).map(function (u) {
      return [u.unit_id, u.name];
    });
    var types = ((taskForm && taskForm.types) || []).map(function (t) {
      return [t.code, t.label.split("（")[0]];
    });
    var areas = [["", "按分类自动确定"]].concat((taskForm && taskForm.areas) || []);
    var windowInput = input("window", v.window, { maxlength: 100, placeholder: "如 4月下旬至5月、八一前后、每季度" });
    [
      el("div", { class: "pair" }, [
        f("heading", "分类", input("heading", v.heading, { maxlength: 20, list: "task-headings", placeholder: "如 法律拥军" })),
        f("area", "工作领域", O.select("area", v.area || "", areas)),
      ]),
      el("datalist", { id: "task-headings" }, headings.map(function (h) {
        return el("option", { value: h });
      })),
      f("title", "任务", input("title", v.title, { maxlength: 200 })),
      el("div", { class: "field", "data-field": "unit_ids" }, [el("label", { text: "责任单位（可多选）" }), el("p", { class: "err", hidden: true }), ticks("unit", units, v.unit_ids)]),
      el("div", { class: "field", "data-field": "lead_unit_ids" }, [
        el("label", { text: "其中牵头单位（其余为配合单位；可不选）" }),
        el("p", { class: "err", hidden: true }),
        ticks("lead", units, v.lead_unit_ids || []),
      ]),
      el("div", { class: "field", "data-field": "window" }, [
        el("label", { for: "s-window", text: "时间" }),
        windowInput,
        el("p", { class: "reads", id: "window-reads", "aria-live": "polite" }),
        el("p", { class: "err", hidden: true }),
      ]),
      el("div", { class: "field", "data-field": "activity_types" }, [el("label", { text: "活动类型（不选则任何类型均可）" }), el("p", { class: "err", hidden: true }), ticks("type", types, v.activity_types)]),
      el("div", { class: "pair", "data-field": "target" }, [
        f("target.figure", "目标指标", O.select("figure", v.figure || "reports", figureOptions(v.activity_types))),
        f("target.value", "目标值（不填则有一份报告即完成）", input("target", v.target, { inputmode: "decimal" })),
      ]),
    ].forEach(function (node) {
      fields.appendChild(node);
    });
    windowInput.id = "s-window";
    windowInput.addEventListener("input", readWindow);
    form.querySelector(".saved").textContent = note || "";
    form.querySelector(".err.box").hidden = true;
    $("task-form-title").textContent = editing ? "修改任务" : "添加任务";
    form.hidden = false;
    readWindow();
    form.scrollIntoView({ block: "nearest" });
  }
  /* The dates the phrase reads as, asked of the API as the clerk types (the same reading a save makes). */
  function readWindow() {
    clearTimeout(windowTimer);
    windowTimer = setTimeout(function () {
      var phrase = $("s-window").value.trim();
      var reads = $("window-reads");
      var fieldBox = reads.parentNode;
      var err = fieldBox.querySelector(".err");
      var asked = ++windowAsked;
      if (!phrase) {
        reads.textContent = "";
        return;
      }
      api("GET", "/plans/" + planYear + "/window?text=" + encodeURIComponent(phrase)).then(function (answer) {
        if (asked !== windowAsked) return; // a later phrase has been typed
        var ok = answer.status === 200;
        reads.textContent = ok ? "读作：" + readsAs(answer.body) : "";
        err.textContent = ok ? "" : answer.body && answer.body.errors ? answer.body.errors[0].message : failed(answer);
        err.hidden = ok;
        fieldBox.classList.toggle("invalid", !ok);
      }, function () {
        reads.textContent = "";
      });
    }, 250);
  }
  function readsAs(w) {
    var whole = w.from.slice(0, 4) + "年" + span(w);
    return w.parts ? whole + "，分" + w.parts.length + "个时段：" + w.parts.map(function (p) {
      return p.text;
    }).join("、") : whole;
  }
  function submitTask(event) {
    event.preventDefault();
    keepTask();
    var form = $("task-form");
    var v = taskValues();
    var payload = {
      heading: v.heading.trim(),
      title: v.title.trim(),
      unit_ids: v.unit_ids,
      lead_unit_ids: v.lead_unit_ids,
      window: v.window.trim(),
      activity_types: v.activity_types,
      target: v.target.trim() ? { figure: v.figure, value: decimal(v.target) } : null,
      area: v.area || null,
    };
    var editing = taskEditing;
    if (editing) payload.version = editing.version;
    var base = "/plans/" + planYear + "/tasks";
    O.submit(form, { draft: TASK_DRAFT, send: function () {
      return editing ? api("PUT", base + "/" + encodeURIComponent(editing.task_id), payload) : api("POST", base, payload);
    }, refused: function (answer) {
      return answer.status === 409 ? [{ field: "title", message: failed(answer) }] : refusal(answer);
    }, done: function (answer) {
      taskEditing = null;
      form.hidden = true;
      loadPlanView();
      return (editing ? "已修改：" : "已添加：") + answer.body.title;
    } });
  }

  // --- the 任务分解表: imported whole, or every refused cell listed by row and column -------------------------
  function importPlan() {
    var file = $("plan-file").files[0];
    var out = SY.clear($("import-result"));
    if (!file) return;
    if (!/\.xlsx$/i.test(file.name)) return out.appendChild(el("p", { class: "err", text: "请选择 Excel 文件（.xlsx）" }));
    var reader = new FileReader();
    reader.onload = function () {
      var data = String(reader.result).split(",")[1] || "";
      out.appendChild(el("p", { class: "hint", text: "正在导入" + file.name + "…" }));
      api("POST", "/plans/" + planYear + "/import", { file: data, filename: file.name }).then(function (answer) {
        $("plan-file").value = "";
        SY.clear(out);
        if (answer.status === 200) {
          var a = answer.body;
          out.appendChild(el("p", { class: "ok-line", text: "已导入" + file.name + "：新增" + a.created + "项，更新" + a.updated + "项，未变" + a.unchanged + "项。" }));
          return loadPlanView();
        }
        out.appendChild(el("p", { class: "err", text: failed(answer) }));
        out.scrollIntoView({ block: "start" });
        var cells = (answer.body && answer.body.errors) || [];
        if (!cells.length) return;
        out.appendChild(O.refusedCells(cells, COLUMN_NAMES));
        out.scrollIntoView({ block: "start" });
      }, function () {
        SY.clear(out).appendChild(el("p", { class: "err", text: "网络不通，未能导入。请联网后重新选择文件。" }));
      });
    };
    reader.readAsDataURL(file);
  }

  // --- the year-to-date summary and its files ----------------------------------------------------------------
  var yearPoll = null;
  function loadYear(year) {
    clearTimeout(yearPoll);
    return api("GET", "/summaries/" + year).then(function (answer) {
      showYear(year, answer);
    }, offline);
  }
  function showYear(year, answer) {
    var status = $("year-status");
    var s = (answer && answer.body) || {};
    var ok = answer && answer.status === 200;
    $("compile-year").disabled = ok && s.status === "compiling";
    if (!answer || answer.status === 404) status.textContent = may("compile") ? "全年尚未汇总。点“汇总全年”生成本年至今的数字和 Excel、Word 年度总结草稿。" : "全年尚未汇总。";
    else if (!ok) status.textContent = failed(answer);
    else if (s.status === "compiling") {
      status.textContent = "正在汇总全年…";
      yearPoll = setTimeout(function () {
        if (!$("view-plan").hidden) loadYear(year);
      }, 2000);
    } else if (s.status === "failed") status.textContent = "最近一次汇总失败：" + ((s.failure && s.failure.reason) || "原因不明");
    else status.textContent = (s.status === "stale" ? "汇总后有变动，请重新汇总；下面是" : "已于") + when(s.compiled_at) + "汇总";
    O.renderDownloads(year, (ok && s.downloads) || {}, $("year-downloads"), "year-");
    var t = s.totals;
    $("year-line").textContent = t ? "本年至今：活动报告" + t.reports + "份，参加" + t.participants + "人次。" : "";
  }
  function compileYear() {
    var year = planYear;
    $("compile-year").disabled = true;
    api("POST", "/summaries/" + year).then(function (answer) {
      if (answer.status !== 202) {
        $("compile-year").disabled = false;
        return SY.toast(failed(answer));
      }
      SY.toast("已开始汇总" + year + "年");
      loadYear(year);
    }, function () {
      $("compile-year").disabled = false;
      offline();
    });
  }

  // --- the office's own words in the year summary: 存在的问题, 下一步工作打算, a paragraph per area -------------
  /* Every role reads them; an admin edits them, over the version read (a save over a version another person
     replaced meanwhile is refused with the API's message, the typed text kept); what is typed is kept on this
     device until saved. The year summary turns stale when they change: it is read again after a save. */
  var NOTES_DRAFT = "admin.draft.notes";
  var notesBase = null; // {year, version}: what the texts on screen edit
  function loadNotes(year) {
    return api("GET", "/summaries/" + year + "/notes").then(function (answer) {
      if (answer.status !== 200) return;
      var draft = may("write") ? SY.load(NOTES_DRAFT, null) : null;
      if (draft && draft.year === year) return drawNotes(year, draft.values, draft.version, "本机有未保存的内容，已恢复");
      drawNotes(year, answer.body, answer.body.version, "");
    }, offline);
  }
  function drawNotes(year, v, version, note) {
    notesBase = { year: year, version: version };
    var mine = may("write");
    function words(name, label, value) {
      var id = "notes-" + name.replace(".", "-");
      var made = el("textarea", { id: id, "data-name": name, rows: 4, maxlength: 2000, readOnly: !mine, value: value || "" });
      return box(name, label, made);
    }
    var areas = (taskForm && taskForm.areas) || [];
    var written = v.areas || {};
    var form = el("form", { id: "notes-form", class: "panel", novalidate: true, autocomplete: "off" }, [
      el("h2", { text: year + "年度总结中本办的文字" }),
      el("p", { class: "hint", text: "写入年度总结的“存在的问题”“下一步工作打算”和各方面工作，每段不超过2000字；修改后请点“汇总全年”重新生成。" }),
      words("problems", "存在的问题", v.problems),
      words("next_steps", "下一步工作打算", v.next_steps),
      el("details", { open: Object.keys(written).length > 0 }, [el("summary", { text: "各方面工作的段落（可不填）" })].concat(areas.map(function (a) {
        return words("areas." + a[0], a[1], written[a[0]]);
      }))),
      el("div", { class: "err box", hidden: true }),
      mine ? el("div", { class: "actions" }, [
        el("button", { type: "submit", class: "primary small", text: "保存" }),
        el("span", { class: "saved hint", text: note }),
      ]) : null,
    ]);
    form.addEventListener("submit", saveNotes);
    O.keep(form, NOTES_DRAFT, function () {
      return { year: notesBase.year, version: notesBase.version, values: notesValues() };
    });
    SY.clear($("year-notes")).appendChild(form);
  }
  function notesValues() {
    var found = { problems: "", next_steps: "", areas: {} };
    Array.prototype.forEach.call($("notes-form").querySelectorAll("textarea"), function (t) {
      var name = t.getAttribute("data-name");
      if (name.indexOf("areas.") === 0) {
        if (t.value.trim()) found.areas[name.slice(6)] = t.value;
      } else found[name] = t.value;
    });
    return found;
  }
  function saveNotes(event) {
    event.preventDefault();
    var form = $("notes-form");
    var base = notesBase;
    var saved = form.querySelector(".saved");
    O.submit(form, { draft: NOTES_DRAFT, send: function () {
      return api("PUT", "/summaries/" + base.year + "/notes", Object.assign({ version: base.version }, notesValues()));
    }, refused: function (answer) {
      if (answer.status !== 409) return refusal(answer);
      saved.textContent = ""; // another person saved first: what is typed stays, or theirs is loaded
      saved.appendChild(button("放弃我的修改，载入最新内容", function () {
        SY.save(NOTES_DRAFT, null);
        loadNotes(base.year);
      }, "link"));
      return [{ field: "", message: failed(answer) }];
    }, done: function (answer) {
      notesBase = { year: base.year, version: answer.body.version };
      saved.textContent = "已保存（第" + answer.body.version + "版）";
      if (plan && plan.summary_requested) loadYear(base.year); // the year's summary now reads as stale
    } });
  }

  function planView() {
    if (!planView.bound) {
      planView.bound = true;
      var form = $("task-form");
      form.addEventListener("submit", submitTask);
      O.keep(form, TASK_DRAFT, taskDraft);
      form.addEventListener("change", function (event) {
        if (event.target.getAttribute("data-list") === "type") {
          var figure = form.querySelector('[data-name="figure"]');
          var was = figure.value;
          SY.clear(figure);
          figureOptions(checked(form, "type")).forEach(function (o) {
            figure.appendChild(el("option", { value: o[0], text: o[1], selected: o[0] === was }));
          });
        }
      });
      $("task-cancel").addEventListener("click", function () {
        SY.save(TASK_DRAFT, null);
        taskEditing = null;
        form.hidden = true;
      });
    }
    var opens = O.takeOpening("plan");
    return loadPlanView().then(function () {
      var row = opens && opens.task_id && document.querySelector('#plan tr[data-task="' + opens.task_id + '"]');
      if (!row) return;
      row.querySelector(".task-title").click(); // opened, with its windows and reports
      O.reveal(row);
    });
  }

  O.register("plan", planView);
})();
