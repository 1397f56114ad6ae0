/* The county office's page, the views not needed at first paint (admin.js loads this file when one of them is
   first opened): settings and reminders; summaries of a festival's period or of days chosen; the review of reports (审核); the staff (人员) and the audit trail
   (操作记录), the admin's; an agreement's detail. It uses admin.js's helpers (SY.office) and adds its views to SY.office.views. */
(function () {
  "use strict";
  var $ = SY.$,
    el = SY.el,
    O = SY.office;
  var api = O.api,
    may = O.may,
    summaryTrouble = O.summaryTrouble,
    failed = O.failed,
    offline = O.offline,
    badge = O.badge,
    when = O.when,
    unitName = O.unitName,
    writeButton = O.writeButton,
    button = O.button,
    field = O.field,
    input = O.input,
    select = O.select,
    values = O.values,
    topField = O.topField;

  // --- settings: the calendar, the reminders, the campaigns; the reminders sent in a month -------------
  /* A whole number typed (full-width digits too) becomes a number; anything else goes as typed, for the API to name. */
  function number(text) {
    var t = SY.digits(text);
    if (/^\d{1,9}$/.test(t)) return Number(t);
    return t === "" ? null : String(text).trim();
  }
  function list(text, each) {
    return String(text || "").split(/[,，、;；\s]+/).filter(function (x) {
      return x;
    }).map(each || function (x) {
      return x;
    });
  }
  /* A settings form: `render(values)` draws it, `body(values)` makes what is sent. What the clerk types is kept
     on the device (a draft) until saved, so a refusal, a lost connection or a reload loses nothing. */
  function SettingsForm(id, path, render, body, fieldOf) {
    var form = $(id);
    var key = "admin.draft." + id;
    var self = { form: form, read: function () {
      return values(form);
    } };
    var draw = render;
    render = function (v) {
      draw(v);
      if (!may("write")) readOnly(form); // shown, not changed: the role may not save it
    };
    function general(messages) {
      var box = form.querySelector(".err.box");
      box.textContent = messages.join("；");
      box.hidden = !messages.length;
    }
    function mark(errors) {
      var marked = SY.markErrors(form, errors, fieldOf);
      general(marked.general);
      if (marked.first) marked.first.scrollIntoView({ block: "center" });
    }
    self.show = function (stored) {
      var draft = SY.load(key, null);
      render(draft || stored);
      mark([]);
      form.querySelector(".saved").textContent = draft ? "本机有未保存的修改，已恢复；保存后生效" : "";
    };
    self.keep = function () {
      SY.save(key, self.read());
    };
    self.load = function () {
      return api("GET", path).then(function (answer) {
        if (answer.status === 200) self.show(answer.body);
        else general([failed(answer)]);
      }, function () {
        var draft = SY.load(key, null);
        if (draft) render(draft);
        general(["网络不通，无法读取当前设置"]);
      });
    };
    form.addEventListener("input", self.keep);
    form.addEventListener("change", self.keep);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.keep();
      var go = form.querySelector("button[type=submit]");
      go.disabled = true;
      api("PUT", path, body(self.read())).then(function (answer) {
        go.disabled = false;
        if (answer.status !== 200) {
          return mark(answer.body && answer.body.errors ? answer.body.errors : [{ field: "", message: failed(answer) }]);
        }
        SY.save(key, null);
        render(answer.body);
        mark([]);
        form.querySelector(".saved").textContent = "已保存";
        SY.toast("已保存");
      }, function () {
        go.disabled = false;
        mark([{ field: "", message: "网络不通，未能保存。填写的内容保存在本机，联网后请再点“保存”。" }]);
      });
    });
    return self;
  }
  function readOnly(form) {
    Array.prototype.forEach.call(form.querySelectorAll("input, select, textarea"), function (control) {
      control.disabled = true;
    });
  }

  var calendarForm, reminderForm, campaignForm;
  function settingsForms() {
    if (calendarForm) return;
    calendarForm = SettingsForm("calendar-form", "/settings", function (v) {
      var box = SY.clear(calendarForm.form.querySelector(".fields"));
      box.appendChild(el("div", { class: "pair" }, [
        field("deadline_day", "截止日（次月）", input("deadline_day", v.deadline_day, { inputmode: "numeric" }), "", "日"),
        field("lock_day", "锁定日（次月）", input("lock_day", v.lock_day, { inputmode: "numeric" }), "", "日"),
      ]));
    }, function (v) {
      return { deadline_day: number(v.deadline_day), lock_day: number(v.lock_day) };
    }, function (f) {
      return f === "body" ? "lock_day" : topField(f); // 锁定日不能早于截止日: a rule of the pair
    });
    reminderForm = SettingsForm("reminder-form", "/reminders/settings", function (v) {
      var box = SY.clear(reminderForm.form.querySelector(".fields"));
      function days(d) {
        return Array.isArray(d) ? d.join("，") : d;
      }
      box.appendChild(el("div", { class: "pair" }, [
        field("nudge_days", "当月提醒日", input("nudge_days", days(v.nudge_days), { inputmode: "numeric" }), "所报月份当月的这些日子提醒尚未填报的单位，如 25"),
        field("reminder_days", "次月提醒日", input("reminder_days", days(v.reminder_days), { inputmode: "numeric" }), "次月的这些日子（不晚于截止日）再提醒，如 1，3"),
      ]));
      box.appendChild(field("county_emails", "县双拥办收件邮箱", input("county_emails", days(v.county_emails), { inputmode: "email", autocapitalize: "off", spellcheck: false }), "逾期汇总发往这些邮箱，多个用逗号分开；不填则用部署时配置的邮箱"));
    }, function (v) {
      return { nudge_days: list(v.nudge_days, number), reminder_days: list(v.reminder_days, number), county_emails: list(v.county_emails) };
    }, topField);
    campaignForm = SettingsForm("campaign-form", "/reminders/campaigns", renderCampaigns, campaignBody, function (f) {
      var parts = String(f).split(".");
      if (parts[0] !== "campaigns") return "";
      return parts.slice(0, parts.length > 2 ? 3 : parts.length).join(".");
    });
    campaignForm.read = function () {
      return {
        rows: Array.prototype.map.call(document.querySelectorAll("#campaigns .campaign"), function (row) {
          return values(row);
        }),
      };
    };
    $("reminder-month").addEventListener("change", loadSent);
    $("add-campaign").addEventListener("click", function () {
      var v = campaignForm.read();
      v.rows.push({ rule: "annual_on", lead_days: "10", days_before: "15", days_after: "7" });
      renderCampaigns(v);
      campaignForm.keep();
      var rows = document.querySelectorAll("#campaigns .campaign");
      rows[rows.length - 1].querySelector("input").focus();
    });
  }

  var RULES = [["annual_on", "每年固定日期"], ["nth_weekday", "每年某月第几个星期几"], ["dates", "逐年日期（如春节）"]];
  var WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"];
  /* Rows as typed ({rows: [...]}), or the calendar as the API answers it ({campaigns: [...]}). */
  function renderCampaigns(v) {
    var rows = v.rows || (v.campaigns || []).map(function (c) {
      var nth = c.nth_weekday || {};
      return {
        code: c.code, name: c.name, lead_days: String(c.lead_days), days_before: String(c.days_before), days_after: String(c.days_after),
        rule: c.annual_on ? "annual_on" : c.nth_weekday ? "nth_weekday" : "dates",
        annual_on: c.annual_on || "", month: nth.month || "", nth: nth.nth || "", weekday: nth.weekday || "",
        dates: (c.dates || []).join("，"), next_on: c.next_on, remind_on: c.remind_on,
      };
    });
    var box = SY.clear($("campaigns"));
    rows.forEach(function (r, i) {
      var at = "campaigns." + i;
      var rule = select("rule", r.rule, RULES);
      var months = [["", "月"]].concat([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(function (m) {
        return [m, m + "月"];
      }));
      var rules = {
        annual_on: field(at + ".annual_on", "日期（月-日）", input("annual_on", r.annual_on, { placeholder: "08-01", inputmode: "numeric" })),
        nth_weekday: field(at + ".nth_weekday", "哪一天", el("div", { class: "triple" }, [
          select("month", r.month, months),
          select("nth", r.nth, [["", "第几个"], [1, "第一个"], [2, "第二个"], [3, "第三个"], [4, "第四个"], [5, "第五个"]]),
          select("weekday", r.weekday, [["", "星期几"]].concat(WEEKDAYS.map(function (w, k) {
            return [k + 1, "星期" + w];
          }))),
        ])),
        dates: field(at + ".dates", "各年的日期", el("textarea", { "data-name": "dates", rows: 2, value: r.dates || "", placeholder: "2027-02-06，2028-01-26" }), "YYYY-MM-DD，多个用逗号分开"),
      };
      function showRule() {
        Object.keys(rules).forEach(function (k) {
          rules[k].hidden = k !== rule.value;
        });
      }
      rule.addEventListener("change", showRule);
      var next = r.next_on ? "下一次：" + when(r.next_on) + "，" + when(r.remind_on) + "提醒各单位" : "";
      var row = el("div", { class: "campaign", "data-field": at }, [
        el("p", { class: "err", hidden: true }),
        el("div", { class: "pair" }, [
          field(at + ".name", "名称", input("name", r.name, { maxlength: 20 })),
          field(at + ".code", "编号", input("code", r.code, { autocapitalize: "off", placeholder: "如 bayi" })),
        ]),
        el("div", { class: "pair" }, [
          field(at + ".rule", "日期规则", rule),
          field(at + ".lead_days", "提前提醒", input("lead_days", r.lead_days, { inputmode: "numeric" }), "", "天"),
        ]),
        rules.annual_on, rules.nth_weekday, rules.dates,
        el("div", { class: "pair" }, [
          field(at + ".days_before", "节前天数", input("days_before", r.days_before, { inputmode: "numeric" }), "", "天"),
          field(at + ".days_after", "节后天数", input("days_after", r.days_after, { inputmode: "numeric" }), "", "天"),
        ]),
        el("p", { class: "hint", text: "节日期间：从节前这些天算到节后这些天，用于节日期间汇总和计划任务中的“××期间”。" }),
        el("div", { class: "campaign-foot" }, [
          el("span", { class: "hint", text: next }),
          writeButton("write", "删除", function () {
            var all = campaignForm.read();
            all.rows.splice(i, 1);
            renderCampaigns(all);
            campaignForm.keep();
          }, "link danger"),
        ]),
      ]);
      box.appendChild(row);
      showRule();
    });
    if (!rows.length) box.appendChild(el("p", { class: "hint", text: "没有节日。" }));
  }
  function campaignBody(v) {
    return {
      campaigns: v.rows.map(function (r) {
        var c = {
          code: r.code.trim(), name: r.name.trim(), lead_days: number(r.lead_days),
          days_before: number(r.days_before), days_after: number(r.days_after),
          annual_on: null, nth_weekday: null, dates: null, // the rules not chosen are cleared: a save keeps what it leaves out
        };
        if (r.rule === "annual_on") c.annual_on = SY.digits(r.annual_on).replace(/[/.月]/g, "-").replace(/日$/, "");
        else if (r.rule === "nth_weekday") c.nth_weekday = { month: number(r.month), nth: number(r.nth), weekday: number(r.weekday) };
        else c.dates = list(r.dates);
        return c;
      }),
    };
  }

  var REASONS = { missing: "催报", digest: "逾期汇总", "agreement-60": "协议60天到期", "agreement-30": "协议30天到期", campaign: "节日提醒", returned: "退回修改" };
  var SENT = { sent: ["已发送", "ok"], claimed: ["发送中", "wait"], failed: ["发送失败", "bad"] };
  function loadSent() {
    var m = $("reminder-month").value;
    SY.clear($("reminders"));
    api("GET", "/reminders?month=" + m).then(function (answer) {
      if ($("reminder-month").value !== m) return; // another month was chosen meanwhile: its own answer fills the list
      var box = SY.clear($("reminders"));
      if (answer.status !== 200) return box.appendChild(el("li", { class: "err", text: failed(answer) }));
      if (!answer.body.items.length) box.appendChild(el("li", { class: "hint", text: SY.monthLabel(m) + "没有发出提醒。" }));
      answer.body.items.forEach(function (r) {
        var state = SENT[r.status] || [r.status, "wait"];
        box.appendChild(el("li", { class: "card", "data-reason": r.reason }, [
          el("div", { class: "card-title", text: r.subject }),
          el("div", { class: "card-meta" }, [badge(REASONS[r.reason] || r.reason, "late"), badge(state[0], state[1]), when(r.sent_at || r.claimed_at)]),
          el("div", { class: "card-meta", text: (r.recipient === "county" ? "县双拥办" : unitName(r.recipient)) + "：" + r.to.join("，") }),
          r.error ? el("div", { class: "err", text: r.error }) : null,
        ]));
      });
    }, offline);
  }
  function loadSettingsView() {
    settingsForms();
    months($("reminder-month"), 12);
    O.units().then(loadSent, loadSent);
    return Promise.all([calendarForm.load(), reminderForm.load(), campaignForm.load()]);
  }

  // --- 审核: a month's reports by unit, with their figures and photos; 通过, 退回修改 with a comment -------
  var REVIEW = { pending: ["待审核", "rv-pending"], approved: ["已通过", "rv-approved"], returned: ["退回修改", "rv-returned"] };
  var NO_FORM = { types: [], choices: {}, titles: {} }; // until the schema is read: codes as they are
  var reportForm = null; // {types, choices, titles} from the report form's schema, for names and figures
  var reviewing = { month: null, state: "pending" };
  function months(select, count) {
    var box = SY.clear(select);
    var m = SY.today().slice(0, 7);
    for (var i = 0; i < count; i++) {
      box.appendChild(el("option", { value: m, text: SY.monthLabel(m) }));
      m = SY.previousMonth(m);
    }
  }
  function schema() {
    if (reportForm) return Promise.resolve(reportForm);
    return api("GET", "/forms/report/schema").then(function (answer) {
      if (answer.status !== 200) return NO_FORM;
      var first = answer.body.$defs[answer.body.oneOf[0].$ref.split("/").pop()].properties;
      var titles = { review: "审核状态", activity_type: "活动类型" };
      Object.keys(first).forEach(function (name) {
        if (first[name].title) titles[name] = first[name].title;
      });
      reportForm = { types: answer.body["x-activity-types"], choices: SY.reportChoices(answer.body), titles: titles };
      return reportForm;
    });
  }
  /* Every page of the month's reports in that review state (of one unit if asked). */
  function monthReports(m, state, unitId) {
    var found = [];
    function page(next) {
      var path = "/reports?month=" + m + "&limit=100" + (state ? "&review=" + state : "") +
        (unitId ? "&unit_id=" + encodeURIComponent(unitId) : "") + (next ? "&next_token=" + encodeURIComponent(next) : "");
      return api("GET", path).then(function (answer) {
        if (answer.status !== 200) throw answer;
        found = found.concat(answer.body.items);
        return answer.body.next_token ? page(answer.body.next_token) : found;
      });
    }
    return page(null);
  }
  function loadReview() {
    var m = $("review-month").value;
    var state = reviewing.state;
    reviewing.month = m;
    Array.prototype.forEach.call(document.querySelectorAll("#review-filter button"), function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-review") === state ? "true" : "false");
    });
    $("review-line").textContent = "正在读取…";
    return Promise.all([monthReports(m, state), schema(), O.units()]).then(function (found) {
      if (reviewing.month !== m || reviewing.state !== state) return; // another choice meanwhile: its own answer draws
      renderReview(m, state, found[0]);
    }, function (failure) {
      $("review-line").textContent = failure && failure.status ? failed(failure) : "网络不通，无法读取报告";
    });
  }
  function renderReview(m, state, reports) {
    var byUnit = {};
    var order = [];
    reports.forEach(function (r) {
      if (!byUnit[r.unit_id]) {
        byUnit[r.unit_id] = [];
        order.push(r.unit_id);
      }
      byUnit[r.unit_id].push(r);
    });
    order.sort(function (a, b) {
      return unitName(a).localeCompare(unitName(b), "zh-CN");
    });
    $("review-line").textContent = reports.length
      ? SY.monthLabel(m) + REVIEW[state][0] + reports.length + "份，" + order.length + "个单位。"
      : SY.monthLabel(m) + "没有" + REVIEW[state][0] + "的报告。";
    var box = SY.clear($("review-units"));
    order.forEach(function (unitId) {
      box.appendChild(unitGroup(m, unitId, byUnit[unitId]));
    });
  }
  function unitGroup(m, unitId, reports) {
    var list = el("ul", { class: "cards review-list" });
    reports.slice().sort(function (a, b) {
      var x = [a.occurred_on, a.created_at, a.report_id].join(" "),
        y = [b.occurred_on, b.created_at, b.report_id].join(" ");
      return x < y ? -1 : x > y ? 1 : 0;
    }).forEach(function (r) {
      list.appendChild(reportCard(r));
    });
    var note = el("p", { class: "hint approve-note", hidden: true });
    var caution = el("div", { class: "warn box approve-caution", hidden: true });
    var all = may("review") ? button("", function () {
      var go = function () {
        caution.hidden = true;
        approveUnitMonth(m, unitId, group, all, note);
      };
      var warned = warnedPending(group);
      if (!warned.length) return go();
      // Named before anything is approved: the reviewer approves them knowingly, or checks them first.
      SY.clear(caution).appendChild(el("b", { text: "以下待审核报告有数据提示，请先核对：" }));
      caution.appendChild(el("ul", {}, warned.map(function (line) {
        return el("li", { text: line });
      })));
      caution.appendChild(el("div", { class: "actions" }, [
        button("仍然全部通过", go, "primary small"),
        button("取消", function () {
          caution.hidden = true;
        }, "link"),
      ]));
      caution.hidden = false;
    }, "secondary small approve-all") : null;
    if (all) all.setAttribute("data-needs", "review");
    var group = el("div", { class: "panel review-unit", "data-unit": unitId }, [
      el("div", { class: "month-head" }, [el("h2", { text: unitName(unitId) }), all]),
      caution,
      note,
      list,
    ]);
    pendingCount(group);
    return group;
  }
  /* The unit's "approve all" names how many of its cards are still pending, and goes when none is. */
  function pendingCount(group) {
    var all = group && group.querySelector(".approve-all");
    if (!all) return;
    var pending = group.querySelectorAll('.review-card[data-state="pending"]').length;
    all.textContent = "本单位本月全部通过（" + pending + "份）";
    all.hidden = !pending;
  }
  /* The unit's pending reports with warnings, as their cards show them: "“title”：message". */
  function warnedPending(group) {
    var lines = [];
    Array.prototype.forEach.call(group.querySelectorAll('.review-card[data-state="pending"]'), function (card) {
      var title = card.querySelector(".card-title").textContent;
      Array.prototype.forEach.call(card.querySelectorAll(".review-warnings li"), function (li) {
        lines.push("“" + title + "”：" + li.textContent);
      });
    });
    return lines;
  }
  var judged = {}; // report_id -> {version, warnings}: every rule's warnings, as GET /reports/{id} judged them
  /* The report's own warnings at once (the list's), then every rule's (its GET: the profile, the agreement and
     the county's history too). */
  function showWarnings(r, box) {
    function draw(warnings) {
      SY.clear(box).hidden = !warnings.length;
      if (!warnings.length) return;
      box.appendChild(el("b", { text: "数据提示（请核对）：" }));
      box.appendChild(el("ul", {}, warnings.map(function (w) {
        return el("li", { "data-code": w.code, text: w.message });
      })));
    }
    draw(r.warnings || []);
    var known = judged[r.report_id];
    var all = known && known.version === r.version ? Promise.resolve(known.warnings) : api("GET", "/reports/" + encodeURIComponent(r.report_id)).then(function (answer) {
      if (answer.status !== 200) return r.warnings || [];
      judged[r.report_id] = { version: answer.body.version, warnings: answer.body.warnings };
      return answer.body.warnings;
    });
    all.then(draw, function () {});
  }
  function reviewState(r) {
    return REVIEW[(r.review || {}).state] ? r.review.state : "pending";
  }
  function typeName(code) {
    var t = (reportForm || NO_FORM).types.filter(function (x) {
      return x.code === code;
    })[0];
    return t ? t.label : code;
  }
  /* One report as a reviewer checks it; `kept`: what was typed or refused on its card before it was drawn again. */
  function reportCard(r, kept) {
    kept = kept || {};
    var state = reviewState(r);
    var review = r.review || {};
    var draftKey = "admin.review." + r.report_id;
    var comment = el("textarea", { rows: 2, maxlength: 500, "data-name": "comment", id: "comment-" + r.report_id,
      placeholder: "写明需要修改什么，如：慰问金数额与附件不符", value: kept.comment || SY.load(draftKey, "") || "",
      oninput: function () {
        SY.save(draftKey, comment.value);
      } });
    var returnBox = !may("review") ? null : el("div", { class: "field return-box", "data-field": "comment", hidden: !kept.returning }, [
      el("label", { for: comment.id, text: "退回意见（单位将收到邮件）" }),
      comment,
      el("p", { class: "err", hidden: true }),
      el("div", { class: "actions" }, [
        button("确认退回", function () {
          decide(card, r, "return", comment.value.trim());
        }, "primary small"),
        button("取消", function () {
          returnBox.hidden = true;
        }, "link"),
      ]),
    ]);
    var general = el("div", { class: "field", "data-field": "" }, [el("p", { class: "err", hidden: true })]);
    var actions = may("review") ? el("div", { class: "actions review-actions", "data-needs": "review" }, [
      state === "approved" ? null : button("通过", function () {
        decide(card, r, "approve", "");
      }, "primary small"),
      button("退回修改", function () {
        returnBox.hidden = false;
        comment.focus();
      }, "secondary small"),
    ]) : null;
    var who = [review.by_name, review.at ? when(review.at) : ""].filter(function (x) {
      return x;
    }).join(" · ");
    var shown = SY.figures((reportForm || NO_FORM).types, (reportForm || NO_FORM).choices, r);
    var photos = el("div", { class: "photos review-photos" });
    var warnings = el("div", { class: "warn box review-warnings", hidden: true });
    var card = el("li", { class: "card review-card" + (state === "returned" ? " returned" : ""), "data-report": r.report_id, "data-state": state }, [
      el("div", { class: "card-title", text: r.title }),
      el("div", { class: "card-meta" }, [badge(REVIEW[state][0], REVIEW[state][1]), typeName(r.activity_type) + " · " + when(r.occurred_on), r.late ? badge("迟报", "late") : null]),
      el("div", { class: "card-meta", text: [r.location, r.counterpart, "参加" + r.participants + "人"].join(" · ") }),
      shown.length ? el("div", { class: "figures", text: shown.join(" · ") }) : null,
      r.description ? el("p", { class: "description", text: r.description }) : null,
      warnings,
      photos,
      el("div", { class: "review-by", text: "填报：" + (r.created_by_name || r.created_by) + " · " + when(r.created_at) + " · 第" + r.version + "版" }),
      state === "returned" ? el("div", { class: "review-note" }, ["退回意见：" + review.comment, who ? el("div", { class: "review-by", text: who }) : null]) : null,
      state === "approved" && who ? el("div", { class: "review-by", text: "审核通过：" + who }) : null,
      general,
      actions,
      returnBox,
    ]);
    if (kept.errors) SY.markErrors(card, kept.errors, commentOrGeneral(kept.returning));
    if ((r.photos || []).length) showPhotos(r, photos);
    showWarnings(r, warnings);
    return card;
  }
  /* A refusal goes beside the comment when the clerk was returning the report, else under the card's buttons. */
  function commentOrGeneral(returning) {
    return function (field) {
      return returning ? "comment" : field === "comment" ? "comment" : "";
    };
  }
  var photoLinks = {}; // report_id -> {at, items}: a card drawn again shows the links it had (they last 15 minutes)
  function showPhotos(r, box) {
    var known = photoLinks[r.report_id];
    var links = known && Date.now() - known.at < 10 * 60 * 1000 ? Promise.resolve(known.items) : api("GET", "/reports/" + encodeURIComponent(r.report_id) + "/photos").then(function (answer) {
      if (answer.status !== 200) return [];
      photoLinks[r.report_id] = { at: Date.now(), items: answer.body.items };
      return answer.body.items;
    });
    links.then(function (items) {
      items.forEach(function (link, i) {
        box.appendChild(el("a", { href: link.url, target: "_blank", rel: "noreferrer", title: link.filename }, [
          el("img", { class: "thumb", alt: r.title + " 照片" + (i + 1), src: link.url }),
        ]));
      });
    }, function () {});
  }
  function decide(card, r, decision, comment) {
    var returning = decision === "return";
    var buttons = card.querySelectorAll("button");
    Array.prototype.forEach.call(buttons, function (b) {
      b.disabled = true;
    });
    var body = { decision: decision, comment: comment, version: r.version };
    api("POST", "/reports/" + encodeURIComponent(r.report_id) + "/review", body).then(function (answer) {
      if (answer.status === 200) {
        SY.save("admin.review." + r.report_id, null);
        redraw(card, answer.body, {});
        SY.toast(returning ? "已退回修改" + (answer.body.notice ? "：" + answer.body.notice : "") : "已通过：" + r.title);
        return;
      }
      var errors = answer.body && answer.body.errors ? answer.body.errors : [{ field: "", message: failed(answer) }];
      var typed = card.querySelector("textarea").value;
      if (answer.status !== 409) return redraw(card, r, { comment: typed, returning: returning, errors: errors });
      // Changed since it was read: the card shows the report as it is now, with what was typed kept.
      api("GET", "/reports/" + encodeURIComponent(r.report_id)).then(function (fresh) {
        redraw(card, fresh.status === 200 ? fresh.body : r, { comment: typed, returning: returning, errors: errors });
      }, function () {
        redraw(card, r, { comment: typed, returning: returning, errors: errors });
      });
    }, function () {
      redraw(card, r, { comment: card.querySelector("textarea").value, returning: returning, errors: [{ field: "", message: "网络不通，未能提交审核，请联网后再试" }] });
    });
  }
  function redraw(card, r, kept) {
    var group = card.closest(".review-unit");
    if (card.parentNode) card.parentNode.replaceChild(reportCard(r, kept), card);
    pendingCount(group);
  }
  function approveUnitMonth(m, unitId, group, go, note) {
    go.disabled = true;
    api("POST", "/units/" + encodeURIComponent(unitId) + "/months/" + m + "/approve").then(function (answer) {
      if (answer.status !== 200) {
        go.disabled = false;
        note.textContent = failed(answer);
        note.className = "err approve-note";
        note.hidden = false;
        return;
      }
      var done = answer.body;
      var skipped = done.skipped.map(function (s) {
        return "“" + s.title + "”" + s.reason;
      });
      note.textContent = "已通过" + done.approved + "份。" + skipped.join("；");
      note.className = (skipped.length ? "err" : "hint") + " approve-note";
      note.hidden = false;
      go.disabled = false;
      // The unit's cards as they are now, each in its place.
      return monthReports(m, null, unitId).then(function (now) {
        now.forEach(function (r) {
          var card = group.querySelector('[data-report="' + r.report_id + '"]');
          if (card) redraw(card, r, {});
        });
      });
    }, function () {
      go.disabled = false;
      offline();
    });
  }
  var reviewReady = false;
  function reviewView() {
    if (!reviewReady) {
      reviewReady = true;
      months($("review-month"), 12);
      $("review-month").value = SY.previousMonth(SY.today().slice(0, 7));
      $("review-month").addEventListener("change", loadReview);
      Array.prototype.forEach.call(document.querySelectorAll("#review-filter button"), function (b) {
        b.addEventListener("click", function () {
          reviewing.state = b.getAttribute("data-review");
          loadReview();
        });
      });
    }
    return loadReview();
  }

  // --- 人员: the county office's people, each with a role and a personal link shown once -------------------
  var ROLE_OPTIONS = [["reviewer", "审核员（审核报告、申请汇总）"], ["viewer", "查看（只查看和下载）"], ["admin", "管理员（全部操作，含登记人员）"]];
  var STAFF_DRAFT = "admin.draft.staff";
  var staffReady = false;
  function staffFields(v) {
    var box = SY.clear($("staff-form").querySelector(".fields"));
    box.appendChild(el("div", { class: "pair" }, [
      field("name", "姓名", input("name", v.name, { maxlength: 20 })),
      field("role", "角色", select("role", v.role || "reviewer", ROLE_OPTIONS)),
    ]));
    box.appendChild(field("emails", "联系邮箱", input("emails", v.emails, { inputmode: "email", autocapitalize: "off", spellcheck: false }), "可不填；多个用逗号分开"));
  }
  function staffErrors(errors) {
    var form = $("staff-form");
    var marked = SY.markErrors(form, errors, topField);
    form.querySelector(".err.box").textContent = marked.general.join("；");
    form.querySelector(".err.box").hidden = !marked.general.length;
    if (marked.first) marked.first.scrollIntoView({ block: "center" });
  }
  function registerStaff(event) {
    event.preventDefault();
    var form = $("staff-form");
    var v = values(form);
    SY.save(STAFF_DRAFT, v);
    var go = form.querySelector("button[type=submit]");
    go.disabled = true;
    var body = { name: v.name.trim(), role: v.role, emails: v.emails.split(/[,，;；\s]+/).filter(function (e) {
      return e;
    }) };
    api("POST", "/staff", body).then(function (answer) {
      go.disabled = false;
      if (answer.status !== 201) return staffErrors(answer.body && answer.body.errors ? answer.body.errors : [{ field: "", message: failed(answer) }]);
      SY.save(STAFF_DRAFT, null);
      staffFields({});
      staffErrors([]);
      showIssued(answer.body);
      loadStaff();
    }, function () {
      go.disabled = false;
      staffErrors([{ field: "", message: "网络不通，未能登记。填写的内容保存在本机，联网后请再点“登记”。" }]);
    });
  }
  /* The personal link (the token in it) is in this answer only: shown once, as a QR code and a link to copy. */
  function showIssued(issued) {
    var box = SY.clear($("staff-issued"));
    var role = O.ROLE_NAMES[issued.role] || issued.role;
    var warning = "链接只显示这一次，离开本页后无法再查看。请复制后只发给" + issued.name + "本人；丢失时请注销并重新登记。";
    api("POST", "/qrcodes", { link: issued.link }).then(function (qr) {
      var card = O.qrCard(qr.status === 200 ? qr.body.svg : "", issued.name + " · " + role, "用手机或电脑打开个人链接", issued.link, warning, function () {
        SY.clear(box);
      });
      if (qr.status !== 200) card.removeChild(card.querySelector("img"));
      card.id = "issued-staff";
      card.setAttribute("data-staff", issued.staff_id);
      box.appendChild(card);
      card.scrollIntoView({ block: "nearest" });
    }, offline);
  }
  function loadStaff() {
    return api("GET", "/staff").then(function (answer) {
      var list = SY.clear($("staff"));
      if (answer.status !== 200) return list.appendChild(el("li", { class: "err", text: failed(answer) }));
      if (!answer.body.items.length) list.appendChild(el("li", { class: "hint", text: "还没有登记工作人员。" }));
      answer.body.items.slice().reverse().forEach(function (member) {
        list.appendChild(staffCard(member));
      });
      return answer.body.items;
    }, offline);
  }
  function staffCard(member) {
    var confirmBox = el("div", { class: "confirm", hidden: true }, [
      el("p", { text: "注销后，" + member.name + "的个人链接立即失效，不能再打开本页。" }),
      el("p", { class: "err", hidden: true }),
      el("div", { class: "actions" }, [
        button("确认注销", function () {
          api("DELETE", "/staff/" + encodeURIComponent(member.staff_id)).then(function (answer) {
            if (answer.status !== 200) {
              confirmBox.querySelector(".err").textContent = failed(answer);
              confirmBox.querySelector(".err").hidden = false;
              return;
            }
            SY.toast("已注销：" + member.name);
            loadStaff();
          }, offline);
        }, "primary small"),
        button("取消", function () {
          confirmBox.hidden = true;
        }, "link"),
      ]),
    ]);
    var state = member.revoked_at ? badge("已注销 " + when(member.revoked_at.slice(0, 10)), "bad") : badge("有效", "ok");
    return el("li", { class: "card", "data-staff": member.staff_id, "data-state": member.revoked_at ? "revoked" : "active" }, [
      el("div", { class: "card-title" }, [member.name + " ", badge(O.ROLE_NAMES[member.role] || member.role, "late"), " ", state]),
      el("div", { class: "card-meta", text: (member.emails.join("，") || "未填邮箱") + " · 登记于" + when(member.created_at.slice(0, 10)) }),
      member.revoked_at ? null : el("div", { class: "actions" }, [button("注销", function () {
        confirmBox.hidden = false;
      }, "link danger")]),
      confirmBox,
    ]);
  }
  function staffView() {
    if (!staffReady) {
      staffReady = true;
      var form = $("staff-form");
      staffFields(SY.load(STAFF_DRAFT, {}));
      form.addEventListener("submit", registerStaff);
      form.addEventListener("input", function () {
        SY.save(STAFF_DRAFT, values(form));
      });
    }
    return loadStaff();
  }

  // --- 操作记录: a month's audit trail, newest first, by person or record -----------------------------------
  var VERBS = {
    submitted: "提交", updated: "修改", withdrawn: "撤回", reviewed: "审核", filed: "填报", created: "新建", registered: "登记",
    issued: "签发", revoked: "注销", deleted: "删除", locked: "锁定", reopened: "重新开放", opened: "开放", closed: "结束",
    imported: "导入", requested: "申请", changed: "修改", approved: "通过", returned: "退回",
  };
  var NOUNS = {
    report: "活动报告", nil_report: "本月无活动", unit: "成员单位", reporter: "填报员", staff: "工作人员", agreement: "共建协议",
    plan_task: "计划任务", plan: "年度计划", survey: "问卷", month: "月份", settings: "截止日与锁定日", summary: "汇总",
    reminder_settings: "催报提醒", campaigns: "节日与纪念日",
  };
  var ROLE_WORDS = { admin: "管理员", reviewer: "审核员", viewer: "查看", reporter: "填报员" };
  var audit = { next: null, query: "", asked: 0 }; // asked: the latest request; an older one's answer is dropped
  var auditReady = false;
  /* "report.reviewed" -> 审核活动报告; an action this page does not know is shown as recorded. */
  function actionWords(action) {
    var parts = String(action).split(".");
    return NOUNS[parts[0]] && VERBS[parts[1]] ? VERBS[parts[1]] + NOUNS[parts[0]] : action;
  }
  function recordWords(record) {
    var kind = String(record).split(":")[0];
    var id = String(record).slice(kind.length + 1);
    if (kind === "nil_report" && /^[^/]+\/\d{4}-\d{2}$/.test(id)) return "本月无活动 · " + unitName(id.split("/")[0]) + " " + SY.monthLabel(id.split("/")[1]);
    if (kind === "unit") return "成员单位 · " + unitName(id);
    return NOUNS[kind] ? NOUNS[kind] + " · " + id : record;
  }
  /* A recorded moment in Beijing time (China keeps no summer time: UTC+8 all year). */
  function beijing(iso) {
    var t = Date.parse(iso);
    if (isNaN(t)) return iso;
    var local = new Date(t + 8 * 3600 * 1000).toISOString();
    return when(local.slice(0, 10)) + " " + local.slice(11, 19);
  }
  function actorOptions(staff) {
    var select = $("audit-actor");
    var chosen = select.value;
    SY.clear(select).appendChild(el("option", { value: "", text: "全部人员" }));
    select.appendChild(el("option", { value: "admin", text: "县双拥办（管理员令牌）" }));
    (staff || []).forEach(function (member) {
      select.appendChild(el("option", { value: member.staff_id, text: member.name + "（" + (ROLE_WORDS[member.role] || member.role) + "）" }));
    });
    select.value = chosen;
  }
  function addActor(item) {
    var select = $("audit-actor");
    if (select.querySelector('option[value="' + (window.CSS && CSS.escape ? CSS.escape(item.actor) : item.actor) + '"]')) return;
    select.appendChild(el("option", { value: item.actor, text: item.actor_name + "（" + (ROLE_WORDS[item.role] || item.role) + "）" }));
  }
  function auditQuery() {
    var q = "/audit?month=" + $("audit-month").value;
    if ($("audit-actor").value) q += "&actor=" + encodeURIComponent($("audit-actor").value);
    if ($("audit-record").value.trim()) q += "&record=" + encodeURIComponent($("audit-record").value.trim());
    return q;
  }
  function auditFields(field) {
    return /^(month|actor|record)$/.test(field) ? field : "";
  }
  function loadAudit(more) {
    var query = more ? audit.query : auditQuery();
    var path = query + (more ? "&next_token=" + encodeURIComponent(audit.next) : "");
    var mine = (audit.asked += 1);
    $("audit-more").disabled = true;
    return api("GET", path).then(function (answer) {
      if (mine !== audit.asked) return;
      $("audit-more").disabled = false;
      var marked = SY.markErrors($("audit-form"), answer.status === 200 ? [] : answer.body && answer.body.errors ? answer.body.errors : [{ field: "", message: failed(answer) }], auditFields);
      $("audit-error").textContent = marked.general.join("；");
      $("audit-error").hidden = !marked.general.length;
      if (answer.status !== 200) return;
      audit.query = query;
      audit.next = answer.body.next_token;
      var list = more ? $("audit") : SY.clear($("audit"));
      if (!more && !answer.body.items.length) list.appendChild(el("li", { class: "hint", text: SY.monthLabel($("audit-month").value) + "没有符合条件的操作记录。" }));
      answer.body.items.forEach(function (item) {
        addActor(item);
        list.appendChild(auditEntry(item));
      });
      $("audit-more").hidden = !audit.next;
    }, function () {
      if (mine !== audit.asked) return;
      $("audit-more").disabled = false;
      $("audit-error").textContent = "网络不通，无法读取操作记录";
      $("audit-error").hidden = false;
    });
  }
  /* A report's field by its title on the form (参加人数); another record's as recorded. */
  function fieldWords(name) {
    return (reportForm || NO_FORM).titles[name] || name;
  }
  function auditEntry(item) {
    return el("li", { class: "audit-entry", "data-action": item.action, "data-record": item.record }, [
      el("span", { class: "audit-at", text: beijing(item.at) }),
      el("span", { class: "audit-who" }, [el("b", { text: item.actor_name }), " ", badge(ROLE_WORDS[item.role] || item.role, "late")]),
      el("span", { class: "audit-what", text: actionWords(item.action) }),
      el("button", { type: "button", class: "link audit-record", text: recordWords(item.record), title: "只看这条记录", onclick: function () {
        $("audit-record").value = item.record;
        loadAudit(false);
      } }),
      el("span", { class: "audit-fields hint", text: item.fields && item.fields.length ? "改动：" + item.fields.map(fieldWords).join("、") : "" }),
    ]);
  }
  function auditView() {
    if (!auditReady) {
      auditReady = true;
      months($("audit-month"), 12);
      actorOptions([]);
      $("audit-form").addEventListener("submit", function (event) {
        event.preventDefault();
        loadAudit(false);
      });
      $("audit-month").addEventListener("change", function () {
        loadAudit(false);
      });
      $("audit-actor").addEventListener("change", function () {
        loadAudit(false);
      });
      $("audit-more").addEventListener("click", function () {
        loadAudit(true);
      });
    }
    return Promise.all([api("GET", "/staff"), O.units(), schema()]).then(function (found) {
      if (found[0].status === 200) actorOptions(found[0].body.items);
      return loadAudit(false);
    }, offline);
  }

  // --- an agreement's detail: tasks, contacts, the signed documents (each uploaded straight to the bucket with
  // the presigned POST the API gives, then the whole list named on the agreement), the activities under it ----
  var DOCUMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"];
  var MAX_DOCUMENTS = 5;
  var MAX_DOCUMENT_BYTES = 10 * 1024 * 1024; // as the API and the upload's policy allow
  var SIDES = { local: "地方", military: "部队" };
  function agreementPath(a) {
    return "/agreements/" + encodeURIComponent(a.agreement_id);
  }
  function agreementView() {
    var a = O.agreement;
    var box = SY.clear($("agreement-detail"));
    box.hidden = false;
    box.appendChild(el("h2", { text: a.title }));
    box.scrollIntoView({ block: "nearest" });
    return Promise.all([api("GET", agreementPath(a)), api("GET", agreementPath(a) + "/reports"), schema()]).then(function (found) {
      if (found[0].status !== 200) return box.appendChild(el("p", { class: "err", text: failed(found[0]) }));
      drawAgreement(found[0].body, found[1].status === 200 ? found[1].body.items : null);
    }, offline);
  }
  function facts(id, items, empty, line) {
    return el("ul", { class: "facts", id: id }, items.length ? items.map(line) : [el("li", { class: "hint", text: empty })]);
  }
  function size(bytes) {
    return bytes >= 1024 * 1024 ? (bytes / 1024 / 1024).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
  }
  function drawAgreement(a, activities) {
    var box = SY.clear($("agreement-detail"));
    var file = el("input", { type: "file", id: "document-file", accept: ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" });
    var refusal = el("p", { class: "err", hidden: true });
    file.addEventListener("change", function () {
      if (file.files[0]) attachDocument(a, file.files[0], refusal);
      file.value = "";
    });
    [
      el("h2", { text: a.title }),
      el("p", { class: "card-meta", text: unitName(a.unit_id) + " — " + a.military_unit + " · " + when(a.valid_from) + " 至 " + when(a.valid_to) }),
      el("h3", { text: "共建任务" }),
      facts("agreement-tasks", a.tasks, "未填共建任务。", function (t) {
        return el("li", { text: t.title + (t.due_on ? "（" + when(t.due_on) + "前完成）" : "") });
      }),
      el("h3", { text: "联系人" }),
      facts("agreement-contacts", a.contacts, "未填联系人。", function (c) {
        return el("li", { text: c.name + "（" + SIDES[c.side] + "）" + (c.phone ? " " + c.phone : "") });
      }),
      el("h3", { text: "协议文本" }),
      facts("agreement-documents", a.documents, "还没有附上协议文本。", function (d) {
        return documentItem(a, d);
      }),
      may("write") && a.documents.length < MAX_DOCUMENTS ? el("div", { class: "field", "data-field": "documents" }, [
        el("label", { for: "document-file", text: "附上协议文本（PDF、JPEG 或 PNG，每份不超过10 MB，至多" + MAX_DOCUMENTS + "份）" }),
        file,
        refusal,
      ]) : null,
      el("h3", { text: "在该协议下开展的活动" + (activities ? "（" + activities.length + "次）" : "") }),
      activities ? facts("agreement-activities", activities, "还没有单位在该协议下填报活动。", activityItem) : el("p", { class: "hint", text: "未能读取活动，请稍后再试。" }),
      el("div", { class: "actions" }, [button("关闭", function () {
        box.hidden = true;
      }, "link")]),
    ].forEach(function (node) {
      if (node) box.appendChild(node);
    });
  }
  function activityItem(r) {
    var shown = SY.figures((reportForm || NO_FORM).types, (reportForm || NO_FORM).choices, r);
    return el("li", { "data-report": r.report_id }, [
      el("strong", { text: r.title }),
      el("div", { class: "card-meta", text: [when(r.occurred_on), typeName(r.activity_type), "参加" + r.participants + "人"].concat(shown).join(" · ") }),
    ]);
  }
  function documentItem(a, d) {
    var confirmBox = el("div", { class: "confirm", hidden: true }, [
      el("p", { text: "取下“" + d.filename + "”？本协议将不再列出它（文件仍留存备查）。" }),
      el("p", { class: "err", hidden: true }),
      el("div", { class: "actions" }, [
        button("确认取下", function () {
          setDocuments(a, a.documents.filter(function (x) {
            return x.key !== d.key;
          }), confirmBox.querySelector(".err"), "已取下：" + d.filename);
        }, "primary small"),
        button("取消", function () {
          confirmBox.hidden = true;
        }, "link"),
      ]),
    ]);
    return el("li", { "data-document": d.key }, [
      el("a", { href: d.url, rel: "noreferrer", text: d.filename }),
      el("span", { class: "hint", text: " " + size(d.size) + " " }),
      writeButton("write", "取下", function () {
        confirmBox.hidden = false;
      }, "link danger"),
      confirmBox,
    ]);
  }
  function refuse(p, answer) {
    p.textContent = typeof answer === "string" ? answer : answer.body && answer.body.errors ? answer.body.errors.map(function (e) {
      return e.message;
    }).join("；") : failed(answer);
    p.hidden = !p.textContent;
  }
  /* Checked here first, with the API's limits and words; the API and the policy check again. */
  function attachDocument(a, file, refusal) {
    if (DOCUMENT_TYPES.indexOf(file.type) < 0) return refuse(refusal, "只能上传 PDF、JPEG 或 PNG 文件");
    if (file.size > MAX_DOCUMENT_BYTES) return refuse(refusal, "文件不能超过10 MB，请压缩后重新上传");
    if (!file.size) return refuse(refusal, "文件是空的，请重新选择");
    refuse(refusal, "");
    SY.toast("正在上传：" + file.name);
    var asked = { filename: file.name, content_type: file.type, size: file.size };
    api("POST", agreementPath(a) + "/documents/uploads", asked).then(function (answer) {
      if (answer.status !== 201) return refuse(refusal, answer);
      var data = new FormData();
      Object.keys(answer.body.fields).forEach(function (k) {
        data.append(k, answer.body.fields[k]);
      });
      data.append("file", file);
      return fetch(answer.body.url, { method: "POST", body: data, credentials: "omit", referrerPolicy: "no-referrer" }).then(function (stored) {
        if (!stored.ok) return refuse(refusal, "上传失败（" + stored.status + "），请重新选择文件");
        setDocuments(a, a.documents.concat([{ key: answer.body.key, filename: file.name }]), refusal, "已附上：" + file.name);
      });
    }).catch(offline);
  }
  function setDocuments(a, documents, refusal, done) {
    var body = { version: a.version, documents: documents.map(function (d) {
      return { key: d.key, filename: d.filename };
    }) };
    api("PUT", agreementPath(a) + "/documents", body).then(function (answer) {
      if (answer.status !== 200) return refuse(refusal, answer);
      SY.toast(done);
      O.agreement = answer.body;
      O.loadAgreements(); // the cards carry the new version
      return agreementView();
    }, offline);
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
    return api("GET", periodPath(text)).then(function (answer) {
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
    var s = answer.status === 200 ? answer.body : {};
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
    return openPeriod();
  }

  O.views.settings = loadSettingsView;
  O.views.periods = periodView;
  O.views.review = reviewView;
  O.views.staff = staffView;
  O.views.audit = auditView;
  O.views.agreement = agreementView;
})();
