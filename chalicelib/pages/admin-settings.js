/* The county office's page, 设置与提醒: the deadline and lock days, the reminders and the county's inboxes, the
   campaign calendar; the reminders sent in a month. Shown read-only to a role that may not save them. */
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
    unitName = O.unitName,
    field = O.field,
    input = O.input,
    select = O.select,
    values = O.values,
    monthOptions = O.monthOptions;

  function topField(field) {
    return String(field).split(".")[0];
  }
  // --- settings: the calendar, the reminders, the campaigns; the reminders sent in a month -------------
  function list(text, each) {
    return String(text || "").split(/[,，、;；\s]+/).filter(function (x) {
      return x;
    }).map(each || function (x) {
      return x;
    });
  }
  /* A settings form: `render(values)` draws it, `body(values)` makes what is sent; on the shared form cycle (O.keep,
     O.submit): what the clerk types is kept on the device until saved. */
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
    function general(message) {
      O.showErrors(form, [{ field: "", message: message }], fieldOf);
    }
    self.show = function (stored) {
      var draft = SY.load(key, null);
      render(draft || stored);
      O.showErrors(form, [], fieldOf);
      form.querySelector(".saved").textContent = draft ? "本机有未保存的修改，已恢复；保存后生效" : "";
    };
    self.load = function () {
      return api("GET", path).then(function (answer) {
        if (answer.status === 200) self.show(answer.body);
        else general(failed(answer));
      }, function () {
        var draft = SY.load(key, null);
        if (draft) render(draft);
        general("网络不通，无法读取当前设置");
      });
    };
    self.keep = O.keep(form, key, function () {
      return self.read();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.keep();
      O.submit(form, { draft: key, fieldOf: fieldOf, send: function () {
        return api("PUT", path, body(self.read()));
      }, done: function (answer) {
        render(answer.body);
        form.querySelector(".saved").textContent = "已保存";
        return "已保存";
      } });
    });
    return self;
  }
  function readOnly(form) {
    Array.prototype.forEach.call(form.querySelectorAll("input, select, textarea"), function (control) {
      control.disabled = true;
    });
  }

  /* The choices of `count` and `jurisdiction`, from the settings form's schema; until it is read (offline), the
     value saved is the one choice. */
  var choices = null;
  function settingsChoices() {
    if (choices) return Promise.resolve(choices);
    return api("GET", "/forms/settings/schema").then(function (answer) {
      if (answer.status !== 200) return null;
      var count = answer.body.properties.count;
      choices = {
        count: count.enum.map(function (code) {
          return [code, count.labels[code]];
        }),
        jurisdiction: [["", "按县名（默认）"]].concat(answer.body.properties.jurisdiction.anyOf[0].enum.map(function (word) {
          return [word, word];
        })),
      };
      return choices;
    }, function () {
      return null;
    });
  }
  function choicesOf(name, value) {
    return choices ? choices[name] : [[value || "", value || ""]];
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
      box.appendChild(field("count", "汇总计入的报告", select("count", v.count, choicesOf("count", v.count))));
      box.appendChild(field("jurisdiction", "情况汇报中的称谓", select("jurisdiction", v.jurisdiction || "", choicesOf("jurisdiction", v.jurisdiction)), "如“全县共走访驻军…”"));
    }, function (v) {
      return { deadline_day: O.whole(v.deadline_day), lock_day: O.whole(v.lock_day), count: v.count, jurisdiction: v.jurisdiction || null };
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
      return { nudge_days: list(v.nudge_days, O.whole), reminder_days: list(v.reminder_days, O.whole), county_emails: list(v.county_emails) };
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
          code: r.code.trim(), name: r.name.trim(), lead_days: O.whole(r.lead_days),
          days_before: O.whole(r.days_before), days_after: O.whole(r.days_after),
          annual_on: null, nth_weekday: null, dates: null, // the rules not chosen are cleared: a save keeps what it leaves out
        };
        if (r.rule === "annual_on") c.annual_on = SY.digits(r.annual_on).replace(/[/.月]/g, "-").replace(/日$/, "");
        else if (r.rule === "nth_weekday") c.nth_weekday = { month: O.whole(r.month), nth: O.whole(r.nth), weekday: O.whole(r.weekday) };
        else c.dates = list(r.dates);
        return c;
      }),
    };
  }

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
          el("div", { class: "card-meta" }, [badge(r.reason_label, "late"), badge(state[0], state[1]), when(r.sent_at || r.claimed_at)]),
          el("div", { class: "card-meta", text: (r.recipient === "county" ? "县双拥办" : unitName(r.recipient)) + "：" + r.to.join("，") }),
          r.error ? el("div", { class: "err", text: r.error }) : null,
        ]));
      });
    }, offline);
  }
  function loadSettingsView() {
    settingsForms();
    monthOptions($("reminder-month"), 12);
    O.units().then(loadSent, loadSent);
    var opens = O.takeOpening("settings");
    return Promise.all([settingsChoices().then(calendarForm.load), reminderForm.load(), campaignForm.load()]).then(function () {
      if (opens) O.reveal($({ calendar: "calendar-form", reminders: "reminder-form", campaigns: "campaign-form" }[opens.form]));
    });
  }

  O.register("settings", loadSettingsView);
})();
