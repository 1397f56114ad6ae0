/* The county office's page, 月度汇总 and 节日期间汇总 (the first tab: loaded with the page's first view): the months
   with their completeness, figures, narrative and downloads, locked and reopened; a summary of a festival's
   period or of days chosen, compiled, read and downloaded as a month is. */
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
    when = O.when,
    renderDownloads = O.renderDownloads,
    field = O.field,
    input = O.input,
    select = O.select,
    values = O.values;
  var MONTHS = 6; // how many months the list shows
  var POLL_FOR_MS = 5 * 60 * 1000; // a compile still running after this is not watched any longer
  var month = SY.previousMonth(SY.today().slice(0, 7));
  var poll = null;
  var markedUnit = null; // the unit whose row is marked, when 全年一览 opened its month
  /* What a stale or failed summary's status line says, for a month and for a period alike. */
  function summaryTrouble(s) {
    if (s.status === "failed") return "最近一次汇总失败：" + ((s.failure && s.failure.reason) || "原因不明");
    return may("compile") ? "汇总后报告有变动，请点“重新汇总”" : "汇总后报告有变动";
  }

  // --- months: completeness, figures, narrative, downloads --------------------------------------
  function recentMonths() {
    var list = [];
    var m = SY.today().slice(0, 7);
    for (var i = 0; i < MONTHS; i++) {
      list.push(m);
      m = SY.previousMonth(m);
    }
    if (list.indexOf(month) < 0) list.push(month);
    return list;
  }
  function statusBadge(summary) {
    return {
      ready: badge("已汇总", "ok"),
      stale: badge("报告有变动", "wait"),
      compiling: badge("汇总中", "wait"),
      failed: badge("汇总失败", "bad"),
    }[summary.status];
  }
  function completenessBadge(c) {
    if (c.missing) return badge("缺报" + c.missing, "bad");
    return c.pending ? badge("未报（未到期）" + c.pending, "wait") : badge("全部报送", "ok");
  }
  /* The summary's figures as its registry names them (GET /summaries: figures), the same numbers as the
     Excel and Word files: "应报送单位6个，已报送单位5个，…". */
  function figuresText(s, keys) {
    var byKey = {};
    (s.figures || []).forEach(function (f) {
      byKey[f.key] = f;
    });
    return keys
      .filter(function (key) {
        return byKey[key];
      })
      .map(function (key) {
        var f = byKey[key];
        return f.label + f.value + f.unit;
      })
      .join("，");
  }

  function loadMonths() {
    var list = SY.clear($("months"));
    recentMonths().forEach(function (m) {
      var state = el("span", { class: "month-state", text: "…" });
      list.appendChild(
        el("li", {}, [
          el("button", { type: "button", class: "month-row", "data-month": m, onclick: function () {
            markedUnit = null;
            openMonth(m);
          } }, [el("span", { class: "month-name", text: SY.monthLabel(m) }), state]),
        ])
      );
      summaryOf(m).then(
        function (answer) {
          monthRow(m, answer);
        },
        function () {
          state.textContent = "";
        }
      );
    });
    openMonth(month);
  }
  /* The month's summary; a month never compiled answers {status: 404} without asking for it, so that the
     browser logs no error for what is expected (GET /months/{month} says whether there is one). */
  function summaryOf(m, status) {
    return (status ? Promise.resolve(status) : api("GET", "/months/" + m)).then(function (answer) {
      if (answer.status === 200 && !answer.body.summary_requested) return { status: 404, body: null };
      return api("GET", "/summaries/" + m);
    });
  }
  function monthRow(m, answer) {
    var row = document.querySelector('.month-row[data-month="' + m + '"] .month-state');
    if (!row) return;
    SY.clear(row);
    if (answer.status === 404) row.appendChild(el("span", { class: "hint", text: "未汇总" }));
    if (answer.status !== 200) return;
    var s = answer.body;
    if (s.completeness) {
      var c = s.completeness;
      row.appendChild(el("span", { class: "hint", text: "已报" + (c.reported + c.nil_reported) + "/" + c.expected + " " }));
      row.appendChild(completenessBadge(c));
    }
    if (s.status !== "ready") row.appendChild(statusBadge(s));
  }

  function openMonth(m) {
    month = m;
    clearTimeout(poll);
    Array.prototype.forEach.call(document.querySelectorAll(".month-row"), function (row) {
      row.setAttribute("aria-current", row.getAttribute("data-month") === m ? "true" : "false");
    });
    $("month").hidden = false;
    $("month-title").textContent = SY.monthLabel(m);
    $("month-lock").hidden = true;
    if (lockBox) lockBox.hidden = true;
    return api("GET", "/months/" + m).then(function (status) {
      if (m === month && status.status === 200) renderLock(status.body);
      return summaryOf(m, status);
    }).then(
      function (answer) {
        if (m === month) renderMonth(m, answer);
      },
      function () {
        $("month-status").textContent = "网络不通，无法读取" + SY.monthLabel(m) + "的汇总";
      }
    );
  }

  function renderMonth(m, answer) {
    var compile = $("compile");
    var status = $("month-status");
    compile.disabled = false;
    monthRow(m, answer);
    if (answer.status === 404) {
      compile.textContent = "汇总";
      status.textContent = may("compile") ? "尚未汇总。点“汇总”生成本月的数字、情况汇报和 Excel、CSV、Word 文件。" : "尚未汇总。";
      $("month-body").hidden = true;
      return;
    }
    if (answer.status !== 200) {
      status.textContent = failed(answer);
      $("month-body").hidden = true;
      return;
    }
    var s = answer.body;
    var shown = s.compiled_at ? "（下面是" + when(s.compiled_at) + "的汇总）" : "";
    compile.textContent = "重新汇总";
    if (s.status === "compiling") {
      var asked = Date.parse(s.request && s.request.requested_at) || Date.now();
      var long = Date.now() - asked > POLL_FOR_MS;
      compile.disabled = !long; // a compile that seems stuck may be asked for again
      status.textContent = (long ? "汇总时间较长，请稍后刷新本页" : "正在汇总…") + shown;
      if (!long) {
        poll = setTimeout(function () {
          openMonth(m);
        }, 2000);
      }
    } else if (s.status === "stale" || s.status === "failed") {
      status.textContent = summaryTrouble(s) + shown;
    } else {
      status.textContent = "已于" + when(s.compiled_at) + "汇总" + (s.deadline ? "；截止日 " + when(s.deadline) : "");
    }
    $("month-body").hidden = !s.totals;
    if (!s.totals) return;
    renderDownloads(m, s.downloads || {});
    if (s.by_org) renderCounties(s);
    else renderCompleteness(s);
    bars(
      $("chart-types"),
      s.by_type.map(function (t) {
        return [t.label, t.reports];
      })
    );
    bars(
      $("chart-units"),
      (s.by_org || s.by_unit).map(function (u) {
        return [u.name, u.totals ? u.totals.reports : u.reports];
      })
    );
    var narrative = SY.clear($("narrative"));
    (s.narrative || []).forEach(function (p) {
      narrative.appendChild(el("p", {}, [el("b", { text: p.topic + "　" }), p.text]));
    });
  }

  /* A city's or a province's month: the sum of its counties', each county's rate of units reported. */
  function renderCounties(s) {
    SY.clear($("completeness")).textContent = "各县（区）汇总之和：" + s.by_org.length + "个";
    var body = SY.clear(document.querySelector("#unit-table tbody"));
    s.by_org.forEach(function (county) {
      var c = county.completeness;
      var rate = c && c.rate !== null ? badge("报送率" + c.rate + "%（" + (c.reported + c.nil_reported) + "/" + c.expected + "）", c.rate < 100 ? "wait" : "ok") : null;
      body.appendChild(el("tr", { "data-org": county.org_id }, [el("td", { text: county.name }), el("td", {}, [rate]), el("td", { class: "num", text: String(county.totals.reports) })]));
    });
  }

  function renderCompleteness(s) {
    var c = s.completeness;
    var line = SY.clear($("completeness"));
    line.appendChild(completenessBadge(c));
    var units = ["expected", "reported", "nil_reported", "missing", "pending", "on_time", "late"].map(function (key) {
      return "completeness." + key;
    });
    if (s.figures) line.appendChild(
      document.createTextNode(" " + figuresText(s, units) + "；" + figuresText(s, ["totals.reports_on_time", "totals.reports_late"]) + "。")
    );
    var body = SY.clear(document.querySelector("#unit-table tbody"));
    s.by_unit.forEach(function (u) {
      var state = {
        reported: badge("已报", "ok"),
        nil: badge("本月无活动", "ok"),
        missing: badge("缺报", "bad"),
        pending: badge("未报（未到期）", "wait"),
        not_expected: badge("不需报送", "wait"),
      }[u.status];
      body.appendChild(
        el("tr", { class: u.status === "missing" ? "missing" : "", "data-unit": u.unit_id, "aria-current": u.unit_id === markedUnit ? "true" : null }, [
          el("td", { text: u.name }),
          el("td", {}, [state, u.on_time === false ? badge("迟报", "late") : null]),
          el("td", { class: "num", text: String(u.reports) }),
        ])
      );
    });
  }

  /* Horizontal bars drawn with CSS: [label, count] rows, the longest bar the largest count. */
  function bars(box, rows) {
    SY.clear(box);
    var shown = rows.filter(function (r) {
      return r[1] > 0;
    });
    if (!shown.length) {
      box.appendChild(el("p", { class: "hint", text: "本月没有活动报告。" }));
      return;
    }
    var most = Math.max.apply(null, shown.map(function (r) {
      return r[1];
    }));
    shown.forEach(function (r) {
      var bar = el("span", { class: "bar-fill" });
      bar.style.width = Math.max(2, (100 * r[1]) / most) + "%";
      box.appendChild(
        el("div", { class: "bar-row" }, [
          el("span", { class: "bar-label", text: r[0], title: r[0] }),
          el("span", { class: "bar-track" }, [bar]),
          el("span", { class: "bar-value", text: String(r[1]) }),
        ])
      );
    });
  }

  function compileMonth() {
    var m = month;
    $("compile").disabled = true;
    api("POST", "/summaries/" + m).then(function (answer) {
      if (answer.status !== 202) {
        $("compile").disabled = false;
        SY.toast(failed(answer));
        return;
      }
      SY.toast("已开始汇总" + SY.monthLabel(m));
      openMonth(m);
    }, function () {
      $("compile").disabled = false;
      offline();
    });
  }
  // --- a month's reporting state: lock it or reopen it -----------------------------------------------
  function renderLock(s) {
    var state = SY.clear($("lock-state"));
    state.appendChild(s.locked ? badge("已锁定", "bad") : badge("开放填报", "ok"));
    var why = s.override === "locked" ? "（县双拥办锁定）" : s.override === "reopened" ? "（县双拥办重新开放）" : "";
    state.appendChild(document.createTextNode(" " + why + "截止日" + when(s.deadline) + "，锁定日" + when(s.lock_date)));
    var toggle = $("lock-toggle");
    toggle.textContent = s.locked ? "重新开放" : "锁定本月";
    toggle.setAttribute("data-action", s.locked ? "reopen" : "lock");
    toggle.disabled = false;
    $("month-lock").hidden = false;
  }
  /* Locking stops every unit's writes for the month, so it is asked first; reopening is done at once. */
  var lockBox = null;
  function toggleLock() {
    var m = month;
    var action = $("lock-toggle").getAttribute("data-action");
    function go() {
      return api("POST", "/months/" + m + "/" + action).then(O.taken()).then(function (answer) {
        SY.toast((action === "lock" ? "已锁定" : "已重新开放") + SY.monthLabel(m));
        if (m === month) renderLock(answer.body);
      });
    }
    if (action !== "lock") {
      $("lock-toggle").disabled = true; // renderLock enables it again
      return go().catch(function (answer) {
        $("lock-toggle").disabled = false;
        return answer && answer.status ? SY.toast(failed(answer)) : offline();
      });
    }
    if (!lockBox) {
      lockBox = O.confirmation("", "确认锁定", function () {
        return lockBox.go();
      });
      $("month-lock").after(lockBox);
    }
    lockBox.go = go;
    lockBox.ask("锁定" + SY.monthLabel(m) + "后，各单位不能再提交、修改或撤回该月的报告，直到县双拥办重新开放。确认锁定？");
  }


  // --- a summary of any period: 春节、八一 or 两节 of a year (the campaign calendar's windows), or days chosen ---
  /* Compiled, read and downloaded as a month is (POST/GET /summaries/{period}); the API says why its
     completeness is not judged (completeness_note). The period last opened is kept on the device. */
  var PERIOD_KINDS = [["bayi", "八一期间"], ["spring-festival", "春节期间"], ["two-festivals", "两节期间（春节、八一）"], ["days", "自定义日期"]];
  var PERIOD_KEY = "admin.period";
  var periodPoll = null;
  var periodShown = null; // the period text on screen
  function periodChoice() {
    var v = values($("period-form"));
    if (v.kind !== "days") return { text: v.year + "-" + v.kind, errors: [] };
    var errors = [];
    if (!v.from) errors.push({ field: "from", message: "请选择开始日期" });
    if (!v.to) errors.push({ field: "to", message: "请选择结束日期" });
    return { text: v.from + ".." + v.to, errors: errors };
  }
  function drawPeriodForm() {
    var kept = SY.load(PERIOD_KEY, null) || {};
    var year = Number(SY.today().slice(0, 4));
    var years = [year, year - 1, year - 2].map(function (y) {
      return [String(y), y + "年"];
    });
    var form = SY.clear($("period-form"));
    [
      el("h2", { text: "节日期间与自定义期间的汇总" }),
      el("p", { class: "hint", text: "节日期间按“设置与提醒”里“节日与纪念日”中各节日的日期、节前天数和节后天数计算；自定义日期须在同一年内。" }),
      el("div", { class: "pair" }, [
        field("period-kind", "期间", select("kind", kept.kind || "bayi", PERIOD_KINDS)),
        field("period-year", "年份", select("year", kept.year || String(year), years)),
      ]),
      el("div", { class: "pair", id: "period-days" }, [
        field("from", "开始日期", input("from", kept.from, { type: "date" })),
        field("to", "结束日期", input("to", kept.to, { type: "date" })),
      ]),
      el("div", { class: "field", "data-field": "period" }, [el("p", { class: "err", hidden: true })]),
      el("div", { class: "actions" }, [el("button", { type: "submit", class: "primary small", text: "查看" })]),
    ].forEach(function (node) {
      form.appendChild(node);
    });
    periodKind();
    form.addEventListener("change", function (event) {
      periodKind();
      var name = event.target.getAttribute("data-name");
      if (name === "kind" || name === "year") openPeriod();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      openPeriod();
    });
  }
  /* A festival is chosen by its year, days by their dates. */
  function periodKind() {
    var days = values($("period-form")).kind === "days";
    $("period-days").hidden = !days;
    $("s-period-year").parentNode.hidden = days;
  }
  function openPeriod() {
    var chosen = periodChoice();
    var form = $("period-form");
    SY.markErrors(form, chosen.errors);
    if (chosen.errors.length) return;
    var v = values(form);
    SY.save(PERIOD_KEY, { kind: v.kind, year: v.year, from: v.from, to: v.to });
    loadPeriod(chosen.text);
  }
  function periodPath(text) {
    return "/summaries/" + encodeURIComponent(text);
  }
  function loadPeriod(text) {
    clearTimeout(periodPoll);
    periodShown = text;
    // Its state first: a period never asked for is shown as such, with no request that fails (404) in the console.
    return api("GET", periodPath(text) + "/state").then(function (state) {
      if (state.status !== 200 || state.body.requested) return api("GET", periodPath(text));
      return { status: 404, body: { period_label: state.body.label, ranges: state.body.ranges } };
    }).then(function (answer) {
      if (text === periodShown) showPeriod(text, answer);
    }, offline);
  }
  /* A refusal of the period (400.3: reversed, across a year, a festival the calendar lacks) sits under the form. */
  function periodRefused(answer) {
    SY.markErrors($("period-form"), [{ field: "period", message: failed(answer) }]);
    $("period").hidden = true;
  }
  function showPeriod(text, answer) {
    if (answer.status === 400) return periodRefused(answer);
    var s = answer.body || {};
    var box = SY.clear($("period"));
    box.hidden = false;
    var compile = writeButton("compile", answer.status === 200 ? "重新汇总" : "汇总", function () {
      compilePeriod(text, compile);
    });
    if (compile) compile.id = "compile-period";
    var status = el("p", { class: "hint", id: "period-status" });
    box.appendChild(el("div", { class: "month-head" }, [el("h2", { id: "period-title", text: s.period_label || periodWords(text) }), compile]));
    if (s.ranges) box.appendChild(el("p", { class: "hint", id: "period-ranges", text: "日期：" + s.ranges.map(rangeWords).join("，") }));
    box.appendChild(status);
    if (answer.status === 404) {
      status.textContent = may("compile") ? "尚未汇总。点“汇总”生成本期间的数字、情况汇报和 Excel、CSV、Word 文件。" : "尚未汇总。";
      return;
    }
    if (answer.status !== 200) {
      status.textContent = failed(answer);
      return;
    }
    var shown = s.compiled_at ? "（下面是" + when(s.compiled_at) + "的汇总）" : "";
    if (s.status === "compiling") {
      if (compile) compile.disabled = true;
      status.textContent = "正在汇总…" + shown;
      periodPoll = setTimeout(function () {
        if (!$("view-periods").hidden && periodShown === text) loadPeriod(text);
      }, 2000);
    } else if (s.status === "stale" || s.status === "failed") {
      status.textContent = summaryTrouble(s) + shown;
    } else {
      status.textContent = "已于" + when(s.compiled_at) + "汇总";
    }
    if (!s.totals) return;
    var downloads = el("div", { class: "downloads" });
    box.appendChild(downloads);
    O.renderDownloads(text, s.downloads || {}, downloads, "period-");
    if (s.completeness_note) box.appendChild(el("p", { class: "hint", id: "period-note", text: s.completeness_note + "。" }));
    box.appendChild(el("p", { class: "summary-line", text: "活动报告" + s.totals.reports + "份，参加" + s.totals.participants + "人次。" }));
    box.appendChild(el("h3", { text: "情况汇报" }));
    var narrative = el("div", { class: "narrative", id: "period-narrative" });
    (s.narrative || []).forEach(function (p) {
      narrative.appendChild(el("p", {}, [el("b", { text: p.topic + "　" }), p.text]));
    });
    box.appendChild(narrative);
  }
  /* Before the API has named it: 2026年八一期间, or the dates as chosen. */
  function periodWords(text) {
    var festival = /^(\d{4})-(.+)$/.exec(text);
    var kind = PERIOD_KINDS.filter(function (k) {
      return festival && k[0] === festival[2];
    })[0];
    if (kind) return festival[1] + "年" + kind[1].replace(/（.*/, "");
    var days = text.split("..");
    return rangeWords({ from: days[0], to: days[1] });
  }
  function rangeWords(r) {
    return when(r.from) + "至" + when(r.to);
  }
  function compilePeriod(text, go) {
    go.disabled = true;
    $("period-status").textContent = "正在申请汇总…";
    api("POST", periodPath(text)).then(function (answer) {
      if (answer.status === 400) return periodRefused(answer);
      if (answer.status !== 202) {
        go.disabled = false;
        return SY.toast(failed(answer));
      }
      SY.toast("已开始汇总" + answer.body.period_label);
      loadPeriod(text);
    }, function () {
      go.disabled = false;
      offline();
    });
  }
  function periodView() {
    if (!$("period-form").firstChild) drawPeriodForm();
    var opens = O.takeOpening("periods");
    return opens ? loadPeriod(opens.period) : openPeriod();
  }

  function monthsView() {
    if (O.asked) month = O.asked; // the digest e-mail links to #summary=<month>; 全年一览's cell to a unit's month
    markedUnit = O.askedUnit || null;
    O.asked = O.askedUnit = null;
    if (!monthsView.bound) {
      monthsView.bound = true;
      $("compile").addEventListener("click", compileMonth);
      $("lock-toggle").addEventListener("click", toggleLock);
    }
    return loadMonths();
  }

  O.register("months", monthsView, function () {
    clearTimeout(poll);
  });
  O.register("periods", periodView);
})();
