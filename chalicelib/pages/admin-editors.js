/* The county office's page, the editors (admin.js loads this file when the 问卷 or 年度计划 tab is first opened):
   a survey's question editor, its phone preview, its handout with the QR code, its results and downloads; the
   year's plan with its tasks added, edited and deleted, the window phrase read as dates while the clerk types,
   the 任务分解表 imported (every refused cell listed) and its template downloaded; the office's own words in the
   year summary (存在的问题, 下一步工作打算, a paragraph per area). What is typed is kept on this
   device (localStorage) until the API has taken it. It uses admin.js's helpers (SY.office). */
(function () {
  "use strict";
  var $ = SY.$,
    el = SY.el,
    O = SY.office;
  var api = O.api,
    may = O.may,
    failed = O.failed,
    offline = O.offline,
    badge = O.badge,
    when = O.when,
    unitName = O.unitName,
    writeButton = O.writeButton,
    button = O.button;
  var SURVEY_DRAFT = "admin.draft.survey";
  var TASK_DRAFT = "admin.draft.task";

  /* The deepest [data-field] box under `root` an error's field names: questions.2.options.1.label falls back to
     questions.2.options, then questions.2 — so every refusal is shown beside the input nearest to it. */
  function nearest(root) {
    return function (field) {
      var parts = String(field).split(".");
      while (parts.length) {
        var name = parts.join(".");
        if (root.querySelector('[data-field="' + name.replace(/["\\]/g, "") + '"]')) return name;
        parts.pop();
      }
      return field;
    };
  }
  function showErrors(form, errors) {
    var marked = SY.markErrors(form, errors, nearest(form));
    var box = form.querySelector(".err.box");
    box.textContent = marked.general.join("；");
    box.hidden = !marked.general.length;
    if (marked.first) marked.first.scrollIntoView({ block: "center" });
    return marked;
  }
  function refusal(answer) {
    return answer.body && answer.body.errors ? answer.body.errors : [{ field: "", message: failed(answer) }];
  }
  var LOST = [{ field: "", message: "网络不通，未能保存。填写的内容保存在本机，联网后请再点“保存”。" }];
  /* A labelled control in a [data-field] box with its .err paragraph (first, so a box holding others shows its own). */
  function box(name, label, control, hint) {
    return el("div", { class: "field", "data-field": name }, [
      label ? el("label", { for: control.id || undefined, text: label }) : null,
      control,
      hint ? el("p", { class: "hint", text: hint }) : null,
      el("p", { class: "err", hidden: true }),
    ]);
  }
  function text(id, value, attrs, onInput) {
    var made = el("input", Object.assign({ type: "text", id: id, value: value === null || value === undefined ? "" : String(value) }, attrs || {}));
    made.addEventListener("input", function () {
      onInput(made.value);
    });
    return made;
  }
  function tick(label, checked, onChange, attrs) {
    var made = el("input", Object.assign({ type: "checkbox", checked: !!checked }, attrs || {}));
    made.addEventListener("change", function () {
      onChange(made.checked);
    });
    return el("label", { class: "choice" }, [made, el("span", { text: label })]);
  }
  /* A link the API answers (a short-lived presigned GET), followed as a navigation, never fetched. */
  function download(path) {
    return api("GET", path).then(function (answer) {
      if (answer.status !== 200) return SY.toast(failed(answer));
      location.href = answer.body.url;
    }, offline);
  }
  /* A whole number typed (full-width digits too) as a number; anything else as typed, for the API to name. */
  function whole(value) {
    var t = SY.digits(value || "").trim();
    if (t === "") return null;
    return /^\d{1,9}$/.test(t) ? Number(t) : String(value).trim();
  }
  function decimal(value) {
    var t = SY.digits(value || "").trim();
    if (t === "") return null;
    return /^-?\d{1,13}(\.\d{1,6})?$/.test(t) ? SY.exact(t) : String(value).trim();
  }

  // --- surveys: the list, and one survey beside it ----------------------------------------------------
  var SURVEY_STATES = { draft: ["草稿", "wait"], scheduled: ["未开始", "wait"], open: ["填写中", "ok"], closed: ["已结束", "bad"] };
  var TYPES = [
    ["single_choice", "单选题"],
    ["multiple_choice", "多选题"],
    ["text", "填空题"],
    ["number", "数字题"],
    ["rating", "评分题（1–5分）"],
    ["yes_no", "是非题"],
    ["date", "日期题"],
  ];
  // The settings each type uses (surveys/models.py SETTINGS_OF_TYPE), with their labels and kinds.
  var SETTINGS = {
    multiple_choice: [["min_selections", "至少选几项", "whole"], ["max_selections", "最多选几项", "whole"]],
    text: [["max_length", "最多字数", "whole"]],
    number: [["min", "最小值", "decimal"], ["max", "最大值", "decimal"], ["unit", "单位（如 人、岁）", "text"], ["integer", "只填整数", "tick"]],
    date: [["min_date", "最早日期", "date"], ["max_date", "最晚日期", "date"]],
    rating: [["low_label", "1分的含义（如 很不满意）", "text"], ["high_label", "5分的含义（如 非常满意）", "text"]],
  };
  var shown = null; // the survey open beside the list: {survey_id}
  var editor = null; // the survey being edited: {editing: null or {survey_id, opened, version}, values, questions}

  function loadSurveys() {
    return Promise.all([api("GET", "/surveys"), O.units()]).then(function (answers) {
      if (answers[0].status !== 200) return;
      var list = SY.clear($("surveys"));
      if (!answers[0].body.items.length) list.appendChild(el("li", { class: "hint", text: "还没有问卷。" }));
      answers[0].body.items.forEach(function (s) {
        list.appendChild(surveyCard(s));
      });
    }, offline);
  }
  function surveyCard(s) {
    var state = SURVEY_STATES[s.state] || [s.state, "wait"];
    var meta = [s.unit_id ? unitName(s.unit_id) : "全县", badge(state[0], state[1]), el("span", { class: "responses", text: "答卷 " + s.responses + " 份" })];
    var qrBox = el("div", { class: "issue" });
    return el("li", { class: "card" + (shown && shown.survey_id === s.survey_id ? " current" : ""), "data-survey": s.survey_id }, [
      el("div", { class: "card-title", text: s.title }),
      el("div", { class: "card-meta" }, meta),
      s.closes_at ? el("div", { class: "card-meta", text: "截止：" + when(s.closes_at) }) : null,
      qrBox,
      el("div", { class: "actions" }, [
        button("查看", function () {
          openSurvey(s.survey_id);
        }),
        s.link ? button("二维码", function () {
          showSurveyQr(s, qrBox);
        }) : null,
        s.responses ? button("下载结果", function () {
          download("/surveys/" + encodeURIComponent(s.survey_id) + "/results.xlsx");
        }) : null,
      ]),
    ]);
  }
  function showSurveyQr(s, into) {
    api("GET", "/surveys/" + encodeURIComponent(s.survey_id) + "/qr").then(function (answer) {
      if (answer.status !== 200) return SY.toast(failed(answer));
      SY.clear(into).appendChild(O.qrCard(answer.body.svg, s.title, "扫码填写问卷（匿名）", answer.body.link, "", function () {
        SY.clear(into);
      }));
    }, offline);
  }
  function detail() {
    var d = $("survey-detail");
    d.hidden = false;
    return SY.clear(d);
  }
  function openSurvey(id) {
    return api("GET", "/surveys/" + encodeURIComponent(id)).then(function (answer) {
      if (answer.status !== 200) return SY.toast(failed(answer));
      renderSurvey(answer.body);
    }, offline);
  }

  /* One survey: its state and the actions its state allows, the phone preview, the handout, the results. */
  function renderSurvey(s) {
    shown = s;
    editor = null;
    markCurrent();
    var d = detail();
    var state = SURVEY_STATES[s.state] || [s.state, "wait"];
    var extra = el("div", { class: "survey-extra" });
    d.appendChild(el("div", { class: "panel", id: "survey-view", "data-survey": s.survey_id }, [
      el("div", { class: "month-head" }, [el("h2", { text: s.title }), button("关闭", closeDetail, "link")]),
      el("div", { class: "card-meta" }, [
        s.unit_id ? unitName(s.unit_id) : "全县",
        badge(state[0], state[1]),
        el("span", { class: "responses", text: "答卷 " + s.responses + " 份" }),
        el("span", { class: "hint", text: "第" + s.version + "版题目 · " + s.questions.length + "道题" }),
      ]),
      s.introduction ? el("p", { class: "hint", text: s.introduction }) : null,
      el("div", { class: "actions wrap" }, [
        writeButton("write", "修改题目", function () {
          editSurvey(s);
        }),
        button("预览", function () {
          preview(s, extra);
        }),
        s.state === "draft" ? writeButton("write", "发布", function () {
          openIt(s);
        }, "primary small") : null,
        s.state === "closed" ? writeButton("write", "重新开放", function () {
          openIt(s);
        }) : null,
        s.state === "open" || s.state === "scheduled" ? writeButton("write", "结束问卷", function () {
          closeIt(s);
        }) : null,
        s.link ? button("打印宣传单", function () {
          handout(s, extra);
        }) : null,
        s.state !== "draft" ? button("统计结果", function () {
          results(s, extra);
        }) : null,
      ]),
    ]));
    d.appendChild(extra);
    d.scrollIntoView({ block: "nearest" });
    return extra;
  }
  function closeDetail() {
    shown = null;
    editor = null;
    SY.save(SURVEY_DRAFT, null);
    $("survey-detail").hidden = true;
    markCurrent();
  }
  function markCurrent() {
    Array.prototype.forEach.call(document.querySelectorAll("#surveys .card"), function (card) {
      card.classList.toggle("current", !!shown && card.getAttribute("data-survey") === shown.survey_id);
    });
  }
  function openIt(s) {
    api("POST", "/surveys/" + encodeURIComponent(s.survey_id) + "/open").then(function (answer) {
      if (answer.status !== 200) return SY.toast(failed(answer));
      SY.toast(s.state === "closed" ? "已重新开放：" + s.title : "已发布：" + s.title);
      loadSurveys();
      handout(answer.body, renderSurvey(answer.body), answer.body.qr);
    }, offline);
  }
  function closeIt(s) {
    api("POST", "/surveys/" + encodeURIComponent(s.survey_id) + "/close").then(function (answer) {
      if (answer.status !== 200) return SY.toast(failed(answer));
      SY.toast("已结束：" + s.title);
      loadSurveys();
      renderSurvey(answer.body);
    }, offline);
  }

  /* The handout to print on A4: the title, the QR code, the link (admin.css @media print keeps only it). */
  function handout(s, into, qr) {
    var got = qr ? Promise.resolve({ status: 200, body: qr }) : api("GET", "/surveys/" + encodeURIComponent(s.survey_id) + "/qr");
    got.then(function (answer) {
      if (answer.status !== 200) return SY.toast(failed(answer));
      var sheet = el("div", { class: "handout", id: "handout" }, [
        el("h2", { class: "handout-title", text: s.title }),
        s.introduction ? el("p", { class: "handout-intro", text: s.introduction }) : null,
        el("img", { class: "qr handout-qr", alt: "问卷二维码：" + s.title, src: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(answer.body.svg) }),
        el("p", { class: "handout-how", text: "请用手机扫描二维码填写问卷（匿名）" }),
        el("p", { class: "handout-link", text: answer.body.link }),
        el("div", { class: "actions no-print" }, [
          button("打印", function () {
            document.body.classList.add("print-handout");
            window.print();
            setTimeout(function () {
              document.body.classList.remove("print-handout");
            }, 500);
          }, "primary small"),
          button("复制链接", function () {
            O.copy(answer.body.link);
          }),
        ]),
      ]);
      SY.clear(into).appendChild(sheet);
      sheet.scrollIntoView({ block: "nearest" });
    }, offline);
  }

  /* The questions as a respondent's phone draws them: the survey page's own code (SY.questionBox). */
  function preview(s, into) {
    var phone = el("div", { class: "phone-preview", id: "survey-preview", "aria-label": "手机预览" }, [
      el("p", { class: "hint no-print", text: "手机预览（填写的内容不会提交）" }),
      el("h2", { text: s.title || "（未填标题）" }),
      s.introduction ? el("p", { class: "hint", text: s.introduction }) : null,
    ]);
    var questions = el("div", { class: "questions" });
    s.questions.forEach(function (q, i) {
      questions.appendChild(SY.questionBox(q, i));
    });
    if (!s.questions.length) questions.appendChild(el("p", { class: "hint", text: "还没有题目。" }));
    phone.appendChild(questions);
    SY.clear(into).appendChild(phone);
    phone.scrollIntoView({ block: "nearest" });
  }

  /* The results: a bar for each option (or score, or range), the mean, the text answers; then the downloads. */
  function results(s, into) {
    api("GET", "/surveys/" + encodeURIComponent(s.survey_id) + "/results").then(function (answer) {
      if (answer.status !== 200) return SY.toast(failed(answer));
      var r = answer.body;
      var out = el("div", { class: "panel", id: "survey-results" }, [
        el("h3", { text: "统计结果（答卷" + r.responses + "份）" }),
        el("div", { class: "downloads" }, [
          ["results.xlsx", "下载 Excel"],
          ["results.csv", "统计 CSV"],
          ["responses.csv", "原始答卷 CSV"],
        ].map(function (pair) {
          return button(pair[1], function () {
            download("/surveys/" + encodeURIComponent(s.survey_id) + "/" + pair[0]);
          });
        })),
      ]);
      r.questions.forEach(function (q, i) {
        var rows = q.options || q.distribution;
        var chart = el("div", { class: "chart" });
        if (rows) {
          var most = Math.max.apply(null, rows.map(function (o) {
            return o.count;
          }).concat([1]));
          rows.forEach(function (o) {
            var fill = el("span", { class: "bar-fill" });
            fill.style.width = (100 * o.count) / most + "%";
            chart.appendChild(el("div", { class: "bar-row" }, [
              el("span", { class: "bar-label", text: o.label, title: o.label }),
              el("span", { class: "bar-track" }, [fill]),
              el("span", { class: "bar-value", text: o.count + "（" + o.percent + "%）" }),
            ]));
          });
        }
        (q.answers || []).forEach(function (a) {
          chart.appendChild(el("p", { class: "answer", text: a }));
        });
        out.appendChild(el("div", { class: "result", "data-question": q.question_id }, [
          el("h3", { text: i + 1 + ". " + q.label }),
          el("p", { class: "hint", text: "作答" + q.answered + "人，未答" + q.skipped + "人" + (q.mean !== null && q.mean !== undefined ? "；平均" + q.mean : "") + (q.current ? "" : "（旧版题目）") }),
          chart,
        ]));
      });
      SY.clear(into).appendChild(out);
      out.scrollIntoView({ block: "start" });
    }, offline);
  }

  // --- the question editor: the survey as a model, drawn again after each change of shape ----------------
  function blankQuestion(questions, type) {
    var n = 1;
    var ids = questions.map(function (q) {
      return q.id;
    });
    while (ids.indexOf("q" + n) >= 0) n++;
    var q = { id: "q" + n, type: type || "single_choice", label: "", description: "", required: false, options: [] };
    if (q.type === "single_choice" || q.type === "multiple_choice") q.options = [{ value: "o1", label: "" }, { value: "o2", label: "" }];
    return q;
  }
  function newOption(q) {
    var n = 1;
    var codes = q.options.map(function (o) {
      return o.value;
    });
    while (codes.indexOf("o" + n) >= 0) n++;
    return { value: "o" + n, label: "" };
  }
  /* A stored question (the API's) as the editor's model: its settings as typed text. */
  function modelOf(q) {
    var m = { id: q.id, type: q.type, label: q.label, description: q.description || "", required: !!q.required, options: (q.options || []).map(function (o) {
      return { value: o.value, label: o.label };
    }) };
    (SETTINGS[q.type] || []).forEach(function (s) {
      var v = q[s[0]];
      m[s[0]] = s[2] === "tick" ? !!v : v === null || v === undefined ? "" : String(v);
    });
    return m;
  }
  function localTime(iso) {
    return iso ? iso.slice(0, 16) : "";
  }
  function editSurvey(s) {
    var draft = SY.load(SURVEY_DRAFT, null);
    if (draft && draft.editing && draft.editing.survey_id === s.survey_id) return showEditor(draft, "本机有未保存的修改，已恢复");
    showEditor({
      editing: { survey_id: s.survey_id, opened: !!s.opened_at, version: s.version, state: s.state },
      values: { title: s.title, introduction: s.introduction, closes_at: localTime(s.closes_at), max_responses: s.max_responses === null ? "" : String(s.max_responses), report_id: s.report_id, opens_at: s.opens_at },
      questions: s.questions.map(modelOf),
    });
  }
  function newSurvey() {
    shown = null;
    markCurrent();
    var draft = SY.load(SURVEY_DRAFT, null);
    if (draft && !draft.editing) return showEditor(draft, "本机有未保存的内容，已恢复");
    showEditor({ editing: null, values: { title: "", introduction: "", closes_at: "", max_responses: "", unit_id: "" }, questions: [blankQuestion([])] });
  }
  function keep() {
    if (editor) SY.save(SURVEY_DRAFT, editor);
  }
  function showEditor(model, note) {
    editor = model;
    keep();
    var d = detail();
    var form = el("form", { class: "panel", id: "survey-form", novalidate: true, autocomplete: "off" });
    form.addEventListener("submit", saveSurvey);
    d.appendChild(form);
    drawEditor(note);
    form.scrollIntoView({ block: "nearest" });
  }
  function changed() {
    keep();
    drawEditor();
  }
  function move(list, i, by) {
    var j = i + by;
    if (j < 0 || j >= list.length) return;
    var x = list[i];
    list[i] = list[j];
    list[j] = x;
    changed();
  }
  function drawEditor(note) {
    var form = $("survey-form");
    var m = editor;
    var v = m.values;
    var e = m.editing;
    SY.clear(form);
    var unitChoice = null;
    if (!e) {
      var units = [["", "全县问卷"]].concat(
        O.unitsNow().map(function (u) {
          return [u.unit_id, u.name];
        })
      );
      var sel = el("select", { id: "sv-unit_id" }, units.map(function (o) {
        return el("option", { value: o[0], text: o[1], selected: o[0] === (v.unit_id || "") });
      }));
      sel.addEventListener("change", function () {
        v.unit_id = sel.value;
        keep();
      });
      unitChoice = box("unit_id", "所属单位", sel);
    }
    [
      el("h2", { text: e ? "修改问卷" : "新建问卷" }),
      e && e.opened ? el("p", { class: "notice-line", id: "new-version", text: "本问卷已发布：修改题目后保存，将生成第" + (e.version + 1) + "版题目；已收到的答卷保留原来的版本。只改标题、说明、截止时间不生成新版本。" }) : null,
      note ? el("p", { class: "hint", text: note }) : null,
      box("title", "问卷标题", text("sv-title", v.title, { maxlength: 100 }, function (x) {
        v.title = x;
        keep();
      })),
      box("introduction", "问卷说明（显示在题目之前，可不填）", (function () {
        var t = el("textarea", { id: "sv-introduction", rows: 2, maxlength: 2000, value: v.introduction || "" });
        t.addEventListener("input", function () {
          v.introduction = t.value;
          keep();
        });
        return t;
      })()),
      el("div", { class: "pair" }, [
        box("closes_at", "截止时间（可不填）", text("sv-closes_at", v.closes_at, { type: "datetime-local" }, function (x) {
          v.closes_at = x;
          keep();
        })),
        box("max_responses", "答卷数上限（可不填）", text("sv-max_responses", v.max_responses, { inputmode: "numeric" }, function (x) {
          v.max_responses = x;
          keep();
        })),
      ]),
      unitChoice,
      el("div", { class: "field", "data-field": "questions" }, [el("p", { class: "err", hidden: true })]),
    ].forEach(function (node) {
      if (node) form.appendChild(node);
    });
    var list = el("ol", { class: "question-list" });
    m.questions.forEach(function (q, i) {
      list.appendChild(questionEditor(q, i));
    });
    form.appendChild(list);
    var addType = el("select", { id: "sv-add-type", "aria-label": "题型" }, TYPES.map(function (t) {
      return el("option", { value: t[0], text: t[1] });
    }));
    form.appendChild(el("div", { class: "actions add-question" }, [
      addType,
      button("＋ 添加题目", function () {
        m.questions.push(blankQuestion(m.questions, addType.value));
        changed();
        var boxes = form.querySelectorAll(".question");
        boxes[boxes.length - 1].querySelector("input").focus();
      }),
    ]));
    var extra = el("div", { class: "survey-extra" });
    form.appendChild(el("div", { class: "err box", hidden: true }));
    form.appendChild(el("div", { class: "actions" }, [
      el("button", { type: "submit", class: "primary small", text: "保存" }),
      button("预览", function () {
        preview({ title: v.title, introduction: v.introduction, questions: m.questions.map(stored) }, extra);
      }),
      button("取消", function () {
        SY.save(SURVEY_DRAFT, null);
        if (e) openSurvey(e.survey_id);
        else closeDetail();
      }, "link"),
    ]));
    form.appendChild(extra);
  }
  function questionEditor(q, i) {
    var m = editor;
    var path = "questions." + i;
    var typeSel = el("select", { id: "sv-q" + i + "-type" }, TYPES.map(function (t) {
      return el("option", { value: t[0], text: t[1], selected: t[0] === q.type });
    }));
    typeSel.addEventListener("change", function () {
      q.type = typeSel.value;
      if ((q.type === "single_choice" || q.type === "multiple_choice") && q.options.length < 2) {
        while (q.options.length < 2) q.options.push(newOption(q));
      }
      changed();
    });
    var parts = [
      el("div", { class: "question-head" }, [
        el("span", { class: "question-no", text: "第" + (i + 1) + "题" }),
        el("span", { class: "updown" }, [
          button("↑", function () {
            move(m.questions, i, -1);
          }, "link"),
          button("↓", function () {
            move(m.questions, i, 1);
          }, "link"),
          button("删除本题", function () {
            m.questions.splice(i, 1);
            changed();
          }, "link danger"),
        ]),
      ]),
      el("p", { class: "err", hidden: true }),
      el("div", { class: "pair" }, [
        box(path + ".type", "题型", typeSel),
        box(path + ".required", "", tick("必答", q.required, function (x) {
          q.required = x;
          keep();
        }, { id: "sv-q" + i + "-required" })),
      ]),
      box(path + ".label", "题目", text("sv-q" + i + "-label", q.label, { maxlength: 200 }, function (x) {
        q.label = x;
        keep();
      })),
      box(path + ".description", "说明（可不填）", text("sv-q" + i + "-description", q.description, { maxlength: 500 }, function (x) {
        q.description = x;
        keep();
      })),
    ];
    if (q.type === "single_choice" || q.type === "multiple_choice") parts.push(optionsEditor(q, i));
    var settings = (SETTINGS[q.type] || []).map(function (s) {
      var name = s[0];
      var id = "sv-q" + i + "-" + name;
      var control =
        s[2] === "tick"
          ? tick(s[1], q[name], function (x) {
              q[name] = x;
              keep();
            }, { id: id })
          : text(id, q[name], { type: s[2] === "date" ? "date" : "text", inputmode: s[2] === "whole" ? "numeric" : s[2] === "decimal" ? "decimal" : undefined, maxlength: s[2] === "text" ? 20 : undefined }, function (x) {
              q[name] = x;
              keep();
            });
      return box(path + "." + name, s[2] === "tick" ? "" : s[1], control);
    });
    if (settings.length) parts.push(el("div", { class: "settings" }, settings));
    return el("li", { class: "question", "data-field": path, "data-type": q.type }, parts);
  }
  function optionsEditor(q, i) {
    var path = "questions." + i + ".options";
    var rows = q.options.map(function (o, j) {
      var label = text("sv-q" + i + "-o" + j, o.label, { maxlength: 100, placeholder: "选项" + (j + 1), "aria-label": "选项" + (j + 1) }, function (x) {
        o.label = x;
        keep();
      });
      return el("li", { class: "option field", "data-field": path + "." + j }, [
        el("div", { class: "option-line" }, [
          label,
          button("↑", function () {
            move(q.options, j, -1);
          }, "link"),
          button("↓", function () {
            move(q.options, j, 1);
          }, "link"),
          button("✕", function () {
            q.options.splice(j, 1);
            changed();
          }, "link danger"),
        ]),
        el("p", { class: "err", hidden: true }),
      ]);
    });
    return el("div", { class: "field options", "data-field": path }, [
      el("label", { text: "选项" }),
      el("p", { class: "err", hidden: true }),
      el("ol", { class: "option-list" }, rows),
      button("＋ 添加选项", function () {
        q.options.push(newOption(q));
        changed();
        var added = $("sv-q" + i + "-o" + (q.options.length - 1));
        if (added) added.focus();
      }),
    ]);
  }
  /* A question as the API takes it: its type's settings only, numbers as numbers (anything else as typed). */
  function body(q) {
    var out = { id: q.id, type: q.type, label: q.label.trim(), description: q.description.trim(), required: !!q.required };
    if (q.type === "single_choice" || q.type === "multiple_choice") {
      out.options = q.options.map(function (o) {
        return { value: o.value, label: o.label.trim() };
      });
    }
    (SETTINGS[q.type] || []).forEach(function (s) {
      var v = q[s[0]];
      if (s[2] === "tick") out[s[0]] = !!v;
      else if (s[2] === "whole") out[s[0]] = whole(v);
      else if (s[2] === "decimal") out[s[0]] = decimal(v);
      else out[s[0]] = v ? String(v).trim() || null : null;
    });
    return out;
  }
  /* A question as the API would store it, for the preview: the defaults filled in (surveys/models.py stored_question). */
  function stored(q) {
    var s = body(q);
    if (s.type === "multiple_choice") {
      s.min_selections = typeof s.min_selections === "number" ? s.min_selections : 1;
      s.max_selections = typeof s.max_selections === "number" ? s.max_selections : s.options.length;
    }
    if (s.type === "text") s.max_length = typeof s.max_length === "number" ? s.max_length : 500;
    if (s.type === "number") {
      s.min = s.min === null || isNaN(Number(s.min)) ? null : Number(s.min);
      s.max = s.max === null || isNaN(Number(s.max)) ? null : Number(s.max);
    }
    if (!s.label) s.label = "（未填题目）";
    return s;
  }
  function saveSurvey(event) {
    event.preventDefault();
    keep();
    var form = $("survey-form");
    var m = editor;
    var v = m.values;
    var e = m.editing;
    var payload = {
      title: v.title.trim(),
      introduction: (v.introduction || "").trim(),
      closes_at: v.closes_at || null,
      max_responses: whole(v.max_responses),
      questions: m.questions.map(body),
    };
    if (e) Object.assign(payload, { report_id: v.report_id || null, opens_at: v.opens_at || null });
    else if (v.unit_id) payload.unit_id = v.unit_id;
    var go = form.querySelector("button[type=submit]");
    go.disabled = true;
    var call = e ? api("PUT", "/surveys/" + encodeURIComponent(e.survey_id), payload) : api("POST", "/surveys", payload);
    call.then(function (answer) {
      go.disabled = false;
      if (answer.status !== 200 && answer.status !== 201) return showErrors(form, refusal(answer));
      SY.save(SURVEY_DRAFT, null);
      var s = answer.body;
      SY.toast(e && e.opened && s.version > e.version ? "已保存，生成第" + s.version + "版题目" : (e ? "已保存：" : "已创建草稿：") + s.title);
      loadSurveys();
      renderSurvey(s);
    }, function () {
      go.disabled = false;
      showErrors(form, LOST);
    });
  }
  function surveysView() {
    if (!surveysView.bound) {
      surveysView.bound = true;
      $("new-survey").addEventListener("click", newSurvey);
    }
    return loadSurveys().then(function () {
      var draft = SY.load(SURVEY_DRAFT, null);
      if (draft && may("write") && !editor) showEditor(draft, "本机有未保存的修改，已恢复");
    });
  }

  // --- the year's plan: each task's state by heading; the tasks edited; the table imported -----------------
  var STATES = {
    done: ["已完成", "ok"],
    in_progress: ["进行中", "wait"],
    not_started: ["未开始", "late"],
    overdue: ["逾期未报", "bad"],
  };
  var COLUMN_NAMES = { heading: "分类", title: "任务", unit_ids: "责任单位", window: "时间", activity_types: "活动类型", target: "目标", area: "工作领域", file: "文件" };
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
    var table = null;
    var heading = null;
    found.tasks.forEach(function (t) {
      if (t.heading !== heading) {
        heading = t.heading;
        out.appendChild(el("h3", { text: heading }));
        table = el("tbody");
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
          el("div", { class: "hint", text: t.unit_names.join("、") + " · " + t.window.text + "（" + span(t.window) + "）" }),
          more,
        ]),
        el("td", {}, [badge(state[0], state[1]), t.progress.achieved_text ? el("div", { class: "hint", text: t.progress.achieved_text }) : null]),
        el("td", { class: "num", text: String(t.progress.reports) }),
      ]);
      table.appendChild(row);
    });
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
    var confirmBox = el("div", { class: "confirm", hidden: true }, [
      el("p", { text: "删除任务“" + t.title + "”？" }),
      el("div", { class: "actions" }, [
        button("确认删除", function () {
          api("DELETE", "/plans/" + planYear + "/tasks/" + encodeURIComponent(t.task_id)).then(function (answer) {
            if (answer.status !== 204) return SY.toast(failed(answer));
            SY.toast("已删除：" + t.title);
            loadPlanView();
          }, offline);
        }, "primary small"),
        button("取消", function () {
          confirmBox.hidden = true;
        }, "link"),
      ]),
    ]);
    into.appendChild(el("div", { class: "actions" }, [
      writeButton("write", "修改", function () {
        editTask(t);
      }),
      writeButton("write", "删除", function () {
        confirmBox.hidden = false;
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
    showTaskForm({ heading: "", title: "", unit_ids: [], window: "", activity_types: [], figure: "reports", target: "", area: "" }, null);
  }
  function editTask(t) {
    var draft = SY.load(TASK_DRAFT, null);
    if (draft && draft.editing && draft.editing.task_id === t.task_id) return showTaskForm(draft.values, draft.editing, "本机有未保存的修改，已恢复");
    showTaskForm({
      heading: t.heading,
      title: t.title,
      unit_ids: t.unit_ids.slice(),
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
  function keepTask() {
    SY.save(TASK_DRAFT, { values: taskValues(), editing: taskEditing });
  }
  function ticks(name, options, picked) {
    return el("div", { class: "ticks", id: "task-" + name + "s" }, options.map(function (o) {
      return el("label", { class: "choice" }, [
        el("input", { type: "checkbox", "data-list": name, value: o[0], checked: picked.indexOf(o[0]) >= 0 }),
        el("span", { text: o[1] }),
      ]);
    }));
  }
  function figureOptions(types) {
    var found = [["reports", "活动次数（次）"], ["participants", "参加人数（人次）"]];
    ((taskForm && taskForm.types) || []).forEach(function (t) {
      if (types.length && types.indexOf(t.code) < 0) return;
      t.figures.forEach(function (f) {
        if (!found.some(function (x) {
          return x[0] === f.code;
        })) found.push([f.code, f.label + (f.unit ? "（" + f.unit + "）" : "")]);
      });
    });
    return found;
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
      window: v.window.trim(),
      activity_types: v.activity_types,
      target: v.target.trim() ? { figure: v.figure, value: decimal(v.target) } : null,
      area: v.area || null,
    };
    var editing = taskEditing;
    if (editing) payload.version = editing.version;
    var go = form.querySelector("button[type=submit]");
    go.disabled = true;
    var base = "/plans/" + planYear + "/tasks";
    var call = editing ? api("PUT", base + "/" + encodeURIComponent(editing.task_id), payload) : api("POST", base, payload);
    call.then(function (answer) {
      go.disabled = false;
      if (answer.status === 409) return showErrors(form, [{ field: "title", message: failed(answer) }]);
      if (answer.status !== 200 && answer.status !== 201) return showErrors(form, refusal(answer));
      SY.save(TASK_DRAFT, null);
      taskEditing = null;
      form.hidden = true;
      SY.toast((editing ? "已修改：" : "已添加：") + answer.body.title);
      loadPlanView();
    }, function () {
      go.disabled = false;
      showErrors(form, LOST);
    });
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
        out.appendChild(el("table", { class: "grid refused", id: "refused-cells" }, [
          el("thead", {}, [el("tr", {}, [el("th", { text: "行" }), el("th", { text: "列" }), el("th", { text: "原因" })])]),
          el("tbody", {}, cells.map(function (e) {
            var parts = String(e.field).split(".");
            var row = parts[0] === "rows" ? "第" + parts[1] + "行" : "";
            var column = COLUMN_NAMES[parts[0] === "rows" ? parts[2] : parts[0]] || parts.slice(2).join(".");
            return el("tr", { "data-row": parts[1] || "", "data-column": parts[2] || parts[0] }, [el("td", { text: row }), el("td", { text: column }), el("td", { text: e.message })]);
          })),
        ]));
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
    form.addEventListener("input", keepNotes);
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
  function keepNotes() {
    SY.save(NOTES_DRAFT, { year: notesBase.year, version: notesBase.version, values: notesValues() });
  }
  function saveNotes(event) {
    event.preventDefault();
    var form = $("notes-form");
    var base = notesBase;
    var go = form.querySelector("button[type=submit]");
    var saved = form.querySelector(".saved");
    go.disabled = true;
    api("PUT", "/summaries/" + base.year + "/notes", Object.assign({ version: base.version }, notesValues())).then(function (answer) {
      go.disabled = false;
      if (answer.status === 409) {
        showErrors(form, [{ field: "", message: failed(answer) }]);
        saved.textContent = "";
        saved.appendChild(button("放弃我的修改，载入最新内容", function () {
          SY.save(NOTES_DRAFT, null);
          loadNotes(base.year);
        }, "link"));
        return;
      }
      if (answer.status !== 200) return showErrors(form, refusal(answer));
      SY.save(NOTES_DRAFT, null);
      showErrors(form, []);
      notesBase = { year: base.year, version: answer.body.version };
      saved.textContent = "已保存（第" + answer.body.version + "版）";
      if (plan && plan.summary_requested) loadYear(base.year); // the year's summary now reads as stale
    }, function () {
      go.disabled = false;
      showErrors(form, LOST);
    });
  }

  function planView() {
    if (!planView.bound) {
      planView.bound = true;
      var form = $("task-form");
      form.addEventListener("submit", submitTask);
      form.addEventListener("input", keepTask);
      form.addEventListener("change", function (event) {
        keepTask();
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
    return loadPlanView();
  }

  O.views.surveys = surveysView;
  O.views.plan = planView;
})();
