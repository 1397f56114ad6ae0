/* The county office's page, 问卷: the surveys with their state and responses; a survey's question editor, its phone
   preview, its handout with the QR code, its results and downloads. What is typed is kept on this device until
   the API has taken it. */
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
    box = O.box,
    download = O.download,
    whole = O.whole,
    decimal = O.decimal;

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
  var SURVEY_DRAFT = "admin.draft.survey";
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
  /* A survey as it is now, and the list's counts with it (答卷 arrive while the page is open). */
  function openSurvey(id) {
    return api("GET", "/surveys/" + encodeURIComponent(id)).then(function (answer) {
      if (answer.status !== 200) return SY.toast(failed(answer));
      renderSurvey(answer.body);
      loadSurveys();
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
    var path = "/surveys/" + encodeURIComponent(s.survey_id);
    // What each state change does, said before it is done.
    var publishing = O.confirmation("发布后，问卷链接和二维码立即可以填写" + (s.closes_at ? "，到" + when(s.closes_at) + "截止" : "") +
      "；之后再修改题目将生成新版本。确认发布“" + s.title + "”？", "确认发布", function () {
      return openIt(s);
    });
    var closing = O.confirmation("结束后不再接受答卷，已收到的" + s.responses + "份答卷保留，以后可以重新开放。确认结束“" + s.title + "”？", "确认结束", function () {
      return api("POST", path + "/close").then(O.taken()).then(function (answer) {
        SY.toast("已结束：" + s.title);
        loadSurveys();
        renderSurvey(answer.body);
      });
    });
    var deleting = O.confirmation("删除草稿“" + s.title + "”？删除后不能恢复。", "确认删除", function () {
      return api("DELETE", path).then(O.taken(204)).then(function () {
        SY.toast("已删除：" + s.title);
        closeDetail();
        loadSurveys();
      });
    });
    var boxes = [publishing, closing, deleting];
    function asking(box) {
      return function () {
        boxes.forEach(function (other) {
          other.hidden = true;
        });
        box.ask();
      };
    }
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
        s.state === "draft" ? writeButton("write", "发布", asking(publishing), "primary small") : null,
        s.state === "closed" ? writeButton("write", "重新开放", function () {
          openIt(s).catch(function (answer) {
            return answer && answer.status ? SY.toast(failed(answer)) : offline();
          });
        }) : null,
        s.state === "open" || s.state === "scheduled" ? writeButton("write", "结束问卷", asking(closing)) : null,
        s.link ? button("打印宣传单", function () {
          handout(s, extra);
        }) : null,
        s.state !== "draft" ? button("统计结果", function () {
          results(s, extra);
        }) : null,
        writeButton("write", "复制为新问卷", function () {
          copyIt(s);
        }),
        s.state === "draft" ? writeButton("write", "删除草稿", asking(deleting), "link danger") : null,
      ]),
      publishing,
      closing,
      deleting,
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
  /* Published, or opened again: its handout at once. The API's refusal is thrown. */
  function openIt(s) {
    return api("POST", "/surveys/" + encodeURIComponent(s.survey_id) + "/open").then(O.taken()).then(function (answer) {
      SY.toast(s.state === "closed" ? "已重新开放：" + s.title : "已发布：" + s.title);
      loadSurveys();
      handout(answer.body, renderSurvey(answer.body), answer.body.qr);
    });
  }
  /* A new draft with the same questions, opened in the editor. */
  function copyIt(s) {
    api("POST", "/surveys/" + encodeURIComponent(s.survey_id) + "/copy").then(function (answer) {
      if (answer.status !== 201) return SY.toast(failed(answer));
      SY.toast("已复制为新的草稿：" + answer.body.title);
      loadSurveys();
      editSurvey(answer.body);
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
    O.submit(form, { draft: SURVEY_DRAFT, send: function () {
      return e ? api("PUT", "/surveys/" + encodeURIComponent(e.survey_id), payload) : api("POST", "/surveys", payload);
    }, done: function (answer) {
      var s = answer.body;
      loadSurveys();
      renderSurvey(s);
      return e && e.opened && s.version > e.version ? "已保存，生成第" + s.version + "版题目" : (e ? "已保存：" : "已创建草稿：") + s.title;
    } });
  }
  function surveysView() {
    if (!surveysView.bound) {
      surveysView.bound = true;
      $("new-survey").addEventListener("click", newSurvey);
    }
    var opens = O.takeOpening("surveys");
    if (opens) return openSurvey(opens.survey_id);
    return loadSurveys().then(function () {
      var draft = SY.load(SURVEY_DRAFT, null);
      if (draft && may("write") && !editor) showEditor(draft, "本机有未保存的修改，已恢复");
    });
  }

  O.register("surveys", surveysView);
})();
