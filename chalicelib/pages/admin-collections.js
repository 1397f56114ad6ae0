/* The county office's page, 材料收集: the office asks every member unit (or some) for a document by a date (the
   year's 双拥工作总结, next year's 要点), sees each unit's state and file, returns a file with a comment or accepts
   it, and downloads every submitted file as one .zip, built in the background. */
(function () {
  "use strict";
  var $ = SY.$,
    el = SY.el,
    O = SY.office;
  var api = O.api,
    failed = O.failed,
    offline = O.offline,
    badge = O.badge,
    button = O.button,
    when = O.when,
    field = O.field,
    input = O.input,
    select = O.select;
  // The words of the kinds and of the states are the API's (GET /forms/collection/schema, read when the tab is first
  // opened: [code, words]); each state's colour is the page's.
  var KINDS = [];
  var STATES = [];
  var COLOURS = { waiting: "wait", submitted: "rv-pending", returned: "rv-returned", accepted: "rv-approved" };
  var DRAFT = "admin.draft.collection";
  var POLL_MS = 2000; // while an archive is being built
  var STUCK_MS = 6 * 60 * 1000; // longer than any build (the compile function stops at 300 s)
  var ready = false;
  var shown = null; // the collection on screen: its detail as GET /collections/{id} answered, and when
  var polling = null; // the archive's poll timer

  function kindName(code) {
    return (KINDS.filter(function (k) {
      return k[0] === code;
    })[0] || [code, code])[1];
  }
  function state(code) {
    var found = STATES.filter(function (s) {
      return s[0] === code;
    })[0] || [code, code];
    return [found[0], found[1], COLOURS[code] || "wait"];
  }
  /* The kinds (in the form's order) and the states in the API's words. */
  function loadWords() {
    if (STATES.length) return Promise.resolve();
    return api("GET", "/forms/collection/schema").then(function (answer) {
      if (answer.status !== 200) throw answer;
      var kind = answer.body.properties.kind;
      KINDS = answer.body.$defs[kind.$ref.split("/").pop()].enum.map(function (code) {
        return [code, kind.labels[code]];
      });
      STATES = answer.body["x-states"].map(function (s) {
        return [s.state, s.label];
      });
    });
  }
  /* 未提交 3 · 已提交 1 · 退回修改 0 · 已通过 2 */
  function countsLine(counts) {
    return STATES.map(function (s) {
      return s[1] + " " + (counts[s[0]] || 0);
    }).join(" · ");
  }

  // --- 发起收集: what is asked, of whom, by when ------------------------------------------------------------
  function year() {
    return Number(SY.today().slice(0, 4));
  }
  function drawForm(v) {
    var form = $("collection-form");
    var fields = SY.clear(form.querySelector(".fields"));
    var some = el("div", { class: "ticks", id: "collection-units", hidden: v.scope !== "some" });
    fields.appendChild(field("title", "收集事项", input("title", v.title, { maxlength: 100, placeholder: "如 " + year() + "年度双拥工作总结" })));
    fields.appendChild(el("div", { class: "pair" }, [
      field("kind", "材料类别", select("kind", v.kind || "year_summary", KINDS)),
      field("year", "年度", input("year", v.year || year(), { inputmode: "numeric", maxlength: 4 })),
    ]));
    fields.appendChild(el("div", { class: "pair" }, [
      field("due_on", "截止日期", input("due_on", v.due_on, { type: "date" })),
      field("remind_days_before", "提前提醒天数", input("remind_days_before", v.remind || "7，1", { inputmode: "numeric" }), "截止日期前几天提醒未提交的单位，用逗号分开"),
    ]));
    var scope = select("scope", v.scope || "all", [["all", "全部参加填报的单位"], ["some", "指定单位"]]);
    scope.addEventListener("change", function () {
      some.hidden = scope.value !== "some";
    });
    fields.appendChild(O.box("unit_ids", "收集单位", el("div", {}, [scope, some])));
    O.units().then(function (units) {
      units.filter(function (u) {
        return u.active;
      }).forEach(function (u) {
        some.appendChild(el("label", { class: "tick" }, [
          el("input", { type: "checkbox", value: u.unit_id, checked: (v.unit_ids || []).indexOf(u.unit_id) >= 0 }),
          " " + u.name,
        ]));
      });
    });
  }
  /* What is typed, as the draft keeps it. */
  function typed() {
    var form = $("collection-form");
    var v = O.values(form);
    return { title: v.title, kind: v.kind, year: v.year, due_on: v.due_on, remind: v.remind_days_before, scope: v.scope,
      unit_ids: Array.prototype.map.call(form.querySelectorAll("#collection-units input:checked"), function (box) {
        return box.value;
      }) };
  }
  function ask(event) {
    event.preventDefault();
    var v = typed();
    var body = {
      title: v.title.trim(),
      kind: v.kind,
      year: O.whole(v.year),
      due_on: v.due_on || null,
      remind_days_before: v.remind.split(/[,，、;；\s]+/).filter(function (d) {
        return d;
      }).map(O.whole),
    };
    if (v.scope === "some") {
      if (!v.unit_ids.length) return O.showErrors($("collection-form"), [{ field: "unit_ids", message: "请勾选要收集材料的单位" }]);
      body.unit_ids = v.unit_ids;
    }
    O.submit($("collection-form"), { draft: DRAFT, send: function () {
      return api("POST", "/collections", body);
    }, done: function (answer) {
      $("collection-form").hidden = true;
      drawForm({});
      loadList().then(function () {
        showDetail(answer.body);
      });
      return "已发起：" + answer.body.title;
    } });
  }

  // --- the list: each collection with its units' counts by state ------------------------------------------
  function loadList() {
    return api("GET", "/collections").then(function (answer) {
      var list = SY.clear($("collections"));
      if (answer.status !== 200) return list.appendChild(el("li", { class: "err", text: failed(answer) }));
      if (!answer.body.items.length) list.appendChild(el("li", { class: "hint", text: "还没有发起材料收集。" }));
      answer.body.items.forEach(function (c) {
        list.appendChild(listCard(c));
      });
    }, offline);
  }
  function listCard(c) {
    return el("li", { class: "card collection" + (shown && shown.collection_id === c.collection_id ? " current" : ""), "data-collection": c.collection_id }, [
      el("button", { type: "button", class: "link task-title card-title", text: c.title, onclick: function () {
        openCollection(c.collection_id);
      } }),
      el("div", { class: "card-meta", text: kindName(c.kind) + " · " + c.year + "年度 · 截止" + when(c.due_on) }),
      el("div", { class: "card-meta collection-counts", text: countsLine(c.counts) }),
    ]);
  }
  function openCollection(id, unitId) {
    return api("GET", "/collections/" + encodeURIComponent(id)).then(function (answer) {
      if (answer.status !== 200) return SY.toast(failed(answer));
      showDetail(answer.body);
      var asked = unitId ? document.querySelector('#collection-units-list [data-unit="' + unitId + '"]') : $("collection-detail");
      if (asked) O.reveal(asked);
      else $("collection-detail").scrollIntoView({ block: "start" });
    }, offline);
  }

  // --- a collection: each unit's state and file, its decisions, and the archive ----------------------------
  function showDetail(c) {
    shown = { c: c, at: Date.now(), collection_id: c.collection_id };
    stopPolling();
    Array.prototype.forEach.call(document.querySelectorAll("#collections .card"), function (card) {
      card.classList.toggle("current", card.getAttribute("data-collection") === c.collection_id);
    });
    var detail = SY.clear($("collection-detail"));
    detail.hidden = false;
    detail.setAttribute("data-collection", c.collection_id);
    [
      el("h2", { text: c.title }),
      el("p", { class: "hint", text: kindName(c.kind) + " · " + c.year + "年度 · 截止日期" + when(c.due_on) + " · 提前" + c.remind_days_before.join("、") + "天提醒" }),
      el("p", { class: "summary-line", id: "collection-counts" }),
      el("div", { id: "collection-archive", class: "archive" }),
      el("ul", { id: "collection-units-list", class: "cards" }, c.units.map(unitCard)),
    ].forEach(function (node) {
      detail.appendChild(node);
    });
    recount();
    drawArchive(c.archive);
  }
  /* The counts from the units as drawn, in the detail and on the list's card. */
  function recount() {
    var counts = {};
    shown.c.units.forEach(function (u) {
      counts[u.state] = (counts[u.state] || 0) + 1;
    });
    $("collection-counts").textContent = countsLine(counts);
    var card = document.querySelector('#collections [data-collection="' + shown.collection_id + '"] .collection-counts');
    if (card) card.textContent = countsLine(counts);
  }
  function fileLine(f, unitId, current) {
    return el("div", { class: "card-meta collection-file" }, [
      f.url ? O.freshLink({ class: "file-link", href: f.url, text: f.filename }, shown.at, function () {
        return freshFile(unitId, current ? null : f.submitted_at);
      }) : el("span", { text: f.filename }),
      SY.sizeLabel(f.size) + " · " + when(f.submitted_at),
      f.late ? badge("逾期", "bad") : null,
    ]);
  }
  /* The file's link asked for again: the unit's current file, or the one of its history submitted at `at`. */
  function freshFile(unitId, at) {
    return api("GET", "/collections/" + encodeURIComponent(shown.collection_id)).then(function (answer) {
      if (answer.status !== 200) return null;
      var u = answer.body.units.filter(function (x) {
        return x.unit_id === unitId;
      })[0];
      var f = !u ? null : at ? u.history.filter(function (h) {
        return h.submitted_at === at;
      })[0] : u.file;
      return f && f.url;
    });
  }
  function unitCard(u, kept) {
    kept = kept || {};
    var s = state(u.state);
    var draftKey = "admin.collection." + shown.collection_id + "." + u.unit_id;
    var returnBox = O.returnBox("collection-comment-" + u.unit_id, draftKey, kept, "写明需要修改什么，如：请用正式文件，加盖公章", function (comment) {
      decide(card, u, "return", comment);
    });
    var decides = u.state === "submitted" && O.may("review");
    var card = el("li", { class: "card collection-unit" + (u.state === "returned" ? " returned" : ""), "data-unit": u.unit_id, "data-state": u.state }, [
      el("div", { class: "card-title" }, [u.name + " ", badge(s[1], s[2]), u.late && !u.file ? badge("逾期", "bad") : null]),
      u.file ? fileLine(u.file, u.unit_id, true) : null,
      u.file ? el("div", { class: "card-meta", text: "提交人：" + u.file.by_name }) : null,
      u.comment ? el("p", { class: "collection-comment", text: "退回意见：" + u.comment }) : null,
      u.history.length ? el("details", { class: "collection-history" }, [el("summary", { text: "此前提交的文件（" + u.history.length + "）" })].concat(u.history.map(function (f) {
        return el("div", { class: "history-file" }, [fileLine(f, u.unit_id, false), f.comment ? el("p", { class: "collection-comment", text: "退回意见：" + f.comment }) : null]);
      }))) : null,
      decides ? el("div", { class: "actions", "data-needs": "review" }, [
        button("通过", function () {
          decide(card, u, "approve", "");
        }, "primary small"),
        button("退回修改", function () {
          returnBox.open();
        }, "secondary small"),
      ]) : null,
      decides ? returnBox : null,
      el("div", { class: "field", "data-field": "" }, [el("p", { class: "err", hidden: true })]),
    ]);
    if (kept.errors) SY.markErrors(card, kept.errors, function (name) {
      return name === "comment" && decides ? "comment" : "";
    });
    return card;
  }
  function decide(card, u, decision, comment) {
    var returning = decision === "return";
    Array.prototype.forEach.call(card.querySelectorAll("button"), function (b) {
      b.disabled = true;
    });
    var path = "/collections/" + encodeURIComponent(shown.collection_id) + "/units/" + encodeURIComponent(u.unit_id) + "/review";
    api("POST", path, { decision: decision, comment: comment, version: u.version }).then(function (answer) {
      if (answer.status === 200) {
        SY.save("admin.collection." + shown.collection_id + "." + u.unit_id, null);
        redraw(card, answer.body, {});
        SY.toast((returning ? "已退回修改：" : "已通过：") + u.name + (answer.body.notice ? "，" + answer.body.notice : ""));
        return;
      }
      if (answer.status !== 409) return redraw(card, u, { comment: comment, returning: returning, errors: O.refusal(answer) });
      // The unit sent another file since this one was read: the collection as it is now, the comment kept as a draft
      // (the card as it was until then, its buttons back).
      SY.toast(failed(answer));
      redraw(card, u, { comment: comment, returning: returning });
      openCollection(shown.collection_id, u.unit_id);
    }, function () {
      redraw(card, u, { comment: comment, returning: returning, errors: [{ field: "", message: "网络不通，未能提交，请联网后再试" }] });
    });
  }
  function redraw(card, u, kept) {
    shown.c.units = shown.c.units.map(function (x) {
      return x.unit_id === u.unit_id ? u : x;
    });
    card.parentNode.replaceChild(unitCard(u, kept), card);
    recount();
  }

  // --- 打包下载: one .zip of every submitted file, built in the background -----------------------------------
  function archivePath() {
    return "/collections/" + encodeURIComponent(shown.collection_id) + "/archive";
  }
  function drawArchive(a) {
    var box = SY.clear($("collection-archive"));
    var again = O.writeButton("compile", a ? "重新打包" : "打包下载", pack);
    if (again) again.id = "collection-pack";
    if (a && a.status === "pending") {
      box.appendChild(el("p", { class: "hint", id: "archive-state", text: "正在打包，请稍候……" }));
      // A build that never ends (its function stopped) is asked for again: 重新打包 once it has taken too long.
      if (Date.now() - Date.parse(a.requested_at) < STUCK_MS) {
        polling = setTimeout(poll, POLL_MS);
        return;
      }
    }
    if (a && a.status === "ready") {
      var at = Date.now();
      box.appendChild(O.freshLink({ id: "archive-link", class: "secondary small", href: a.url, text: "下载压缩包（" + a.files + "个文件，" + SY.sizeLabel(a.size) + "）" }, at, function () {
        return api("GET", archivePath()).then(function (answer) {
          return answer.status === 200 && answer.body.url;
        });
      }));
      box.appendChild(el("span", { class: "hint", id: "archive-state", text: " 打包于" + when(a.ready_at) }));
    }
    if (a && a.status === "failed") box.appendChild(el("p", { class: "err", id: "archive-state", text: "打包失败，请重新打包。" }));
    if (again) box.appendChild(again);
  }
  function pack() {
    var box = $("collection-archive");
    var asking = this;
    asking.disabled = true; // one request, whatever the clicks
    api("POST", archivePath()).then(function (answer) {
      if (answer.status !== 202) {
        drawArchive(shown.c.archive);
        return box.appendChild(el("p", { class: "err", id: "archive-refused", text: failed(answer) }));
      }
      shown.c.archive = answer.body;
      drawArchive(answer.body);
    }, function () {
      asking.disabled = false;
      offline();
    });
  }
  function poll() {
    var id = shown.collection_id;
    api("GET", archivePath()).then(function (answer) {
      if (shown.collection_id !== id || $("view-collections").hidden) return; // another collection, or another tab
      if (answer.status !== 200) return drawArchive({ status: "failed" });
      shown.c.archive = answer.body;
      drawArchive(answer.body);
    }, function () {
      if (!$("view-collections").hidden) polling = setTimeout(poll, POLL_MS);
    });
  }
  function stopPolling() {
    clearTimeout(polling);
    polling = null;
  }

  function collectionsView() {
    return loadWords().then(openView, function (answer) {
      return answer && answer.status ? SY.toast(failed(answer)) : offline();
    });
  }
  function openView() {
    if (!ready) {
      ready = true;
      var form = $("collection-form");
      drawForm(SY.load(DRAFT, {}));
      form.addEventListener("submit", ask);
      O.keep(form, DRAFT, typed);
      $("new-collection").addEventListener("click", function () {
        form.hidden = false;
        form.querySelector("input").focus();
      });
      $("collection-cancel").addEventListener("click", function () {
        form.hidden = true;
      });
    }
    var opens = O.takeOpening("collections");
    return loadList().then(function () {
      if (opens) return openCollection(opens.collection_id, opens.unit_id);
      if (shown) return openCollection(shown.collection_id);
    });
  }

  O.register("collections", collectionsView, stopPolling);
})();
