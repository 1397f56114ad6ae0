/* The county office's page (县双拥办): the months with their completeness, figures, narrative and downloads;
   the units and their reporters (issue a reporter's link with a QR code to print, revoke one); the
   co-building agreements, those ending within 60 days marked; the surveys with their responses and QR codes.
   A client of the API with the token that came in the link's fragment and stays on this device: the owner
   token or a staff member's personal link. GET /me says who that is; the page shows only what the role may
   do: each write control carries data-needs="write" (admin), "compile" or "review" (admin, reviewer), the body's
   data-role hides the ones the role lacks (admin.css), and `may` keeps the code from building or loading them. */
(function () {
  "use strict";
  var $ = SY.$,
    el = SY.el;
  var ENDING_SOON = 60; // days
  var MONTHS = 6; // how many months the list shows
  var LINK_AGE_MS = 10 * 60 * 1000; // download links last 15 minutes: older ones are asked for again
  var POLL_FOR_MS = 5 * 60 * 1000; // a compile still running after this is not watched any longer
  var asked = summaryAsked(); // the digest e-mail links to #summary=<month>
  var token = SY.takeToken("admin");
  var month = asked || SY.previousMonth(SY.today().slice(0, 7));
  var unitForm = null; // the unit form, from GET /forms/unit/schema
  var units = []; // the units, for names
  var poll = null;
  var me = null; // who the token is (GET /me): {role, name, actor, unit_id}; null until known
  var ROLE_NAMES = { admin: "管理员", reviewer: "审核员", viewer: "查看" };
  // What each role may do here. A reporter's token on this page is shown everything, as before /me: the API refuses it.
  var MAY = { admin: ["write", "compile", "review"], reviewer: ["compile", "review"], viewer: [], reporter: ["write", "compile", "review"] };

  function summaryAsked() {
    var found = /(?:^#|&)summary=(\d{4}-(?:0[1-9]|1[0-2]))(?:&|$)/.exec(location.hash);
    return found ? found[1] : null;
  }

  function api(method, path, body) {
    return SY.request(method, path, body === undefined ? undefined : SY.json(body), token).then(function (answer) {
      if (answer.status === 401) notice("管理链接已失效。请使用县双拥办的管理链接（含凭证）重新打开本页。");
      if (answer.status === 403 && answer.body && answer.body.code === "403.1") {
        notice(me && ROLE_NAMES[me.role] ? answer.body.message : "这个链接没有县双拥办的权限。");
      }
      return answer;
    });
  }
  /* Whether the role may do `need` ("write", "compile" or "review"); nothing is allowed until GET /me has answered. */
  function may(need) {
    return !!me && (MAY[me.role] || []).indexOf(need) >= 0;
  }
  /* What a stale or failed summary's status line says, for a month and for a period alike. */
  function summaryTrouble(s) {
    if (s.status === "failed") return "最近一次汇总失败：" + ((s.failure && s.failure.reason) || "原因不明");
    return may("compile") ? "汇总后报告有变动，请点“重新汇总”" : "汇总后报告有变动";
  }
  /* A button that writes: marked with what it needs, and not made at all for a role without it. */
  function writeButton(need, text, onclick, kind) {
    if (!may(need)) return null;
    var made = button(text, onclick, kind);
    made.setAttribute("data-needs", need);
    return made;
  }
  /* Who the token is: the page's body says the role (admin.css hides what it may not do), the header names the person. */
  function whoAmI() {
    return api("GET", "/me").then(function (answer) {
      if (answer.status !== 200) return answer.status !== 401;
      me = answer.body;
      document.body.setAttribute("data-role", me.role);
      if (ROLE_NAMES[me.role]) {
        $("who").textContent = me.name + " · " + ROLE_NAMES[me.role];
        $("who").hidden = false;
      }
      return true;
    }, function () {
      offline(); // the role stays unknown: the page reads, and shows no write control
      return true;
    });
  }
  function failed(answer) {
    return (answer.body && answer.body.message) || "操作失败（" + answer.status + "）";
  }
  function offline() {
    SY.toast("网络不通，请稍后再试");
  }
  function notice(text) {
    $("notice").textContent = text || "";
    $("notice").hidden = !text;
  }
  function badge(text, kind) {
    return el("span", { class: "badge " + kind, text: text });
  }
  function button(text, onclick, kind) {
    return el("button", { type: "button", class: kind || "secondary small", text: text, onclick: onclick });
  }
  function when(iso) {
    if (!iso) return "";
    var text = Number(iso.slice(0, 4)) + "年" + Number(iso.slice(5, 7)) + "月" + Number(iso.slice(8, 10)) + "日";
    return iso.length > 10 ? text + " " + iso.slice(11, 16) : text;
  }
  function unitName(id) {
    var found = units.filter(function (u) {
      return u.unit_id === id;
    })[0];
    return found ? found.name : id;
  }
  function loadUnits() {
    return api("GET", "/units").then(function (answer) {
      if (answer.status === 200) units = answer.body.items;
      return units;
    });
  }

  // --- QR codes: shown on the screen, printed one at a time ------------------------------------
  function svgImage(svg, alt) {
    return el("img", { class: "qr", alt: alt, src: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg) });
  }
  function copy(text) {
    var done = navigator.clipboard && window.isSecureContext ? navigator.clipboard.writeText(text) : Promise.reject();
    done.then(
      function () {
        SY.toast("已复制链接");
      },
      function () {
        SY.toast("请长按链接复制");
      }
    );
  }
  function printOnly(card) {
    card.classList.add("printing");
    document.body.classList.add("print-one");
    window.print();
    setTimeout(function () {
      card.classList.remove("printing");
      document.body.classList.remove("print-one");
    }, 500);
  }
  /* A QR card: the code, who it is for, and (on the screen only) the link with copy and print. */
  function qrCard(svg, title, subtitle, link, warning, onDone) {
    var card = el("div", { class: "qr-card" });
    var linkBox = el("input", { type: "text", readonly: true, value: link, class: "qr-link no-print", "aria-label": "链接" });
    [
      svgImage(svg, "二维码：" + title),
      el("p", { class: "qr-title", text: title }),
      subtitle ? el("p", { class: "qr-sub", text: subtitle }) : null,
      warning ? el("p", { class: "hint no-print", text: warning }) : null,
      linkBox,
      el("div", { class: "actions no-print" }, [
        button("复制链接", function () {
          linkBox.select();
          copy(link);
        }),
        button("打印二维码", function () {
          printOnly(card);
        }),
        onDone ? button("完成", onDone, "link") : null,
      ]),
    ].forEach(function (node) {
      if (node) card.appendChild(node);
    });
    return card;
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
      status.textContent = "已于" + when(s.compiled_at) + "汇总；截止日 " + when(s.deadline);
    }
    $("month-body").hidden = !s.totals;
    if (!s.totals) return;
    renderDownloads(m, s.downloads || {});
    renderCompleteness(s);
    bars(
      $("chart-types"),
      s.by_type.map(function (t) {
        return [t.label, t.reports];
      })
    );
    bars(
      $("chart-units"),
      s.by_unit.map(function (u) {
        return [u.name, u.reports];
      })
    );
    var narrative = SY.clear($("narrative"));
    (s.narrative || []).forEach(function (p) {
      narrative.appendChild(el("p", {}, [el("b", { text: p.topic + "　" }), p.text]));
    });
  }

  function renderDownloads(m, downloads, box, prefix) {
    box = SY.clear(box || $("downloads"));
    var fetchedAt = Date.now();
    [
      ["xlsx", "下载 Excel"],
      ["docx", "下载 Word"],
      ["csv", "下载 CSV"],
    ].forEach(function (pair) {
      var link = downloads[pair[0]];
      if (!link) return;
      // A navigation to a short-lived link (Content-Disposition: attachment), never a fetch.
      box.appendChild(
        el("a", { class: "secondary small", id: (prefix || "") + "download-" + pair[0], href: link.url, rel: "noreferrer", title: link.filename, text: pair[1], onclick: function (event) {
          if (Date.now() - fetchedAt < LINK_AGE_MS) return;
          event.preventDefault();
          api("GET", "/summaries/" + m).then(function (answer) {
            var fresh = answer.status === 200 && answer.body.downloads && answer.body.downloads[pair[0]];
            if (fresh) location.href = fresh.url;
          }, offline);
        } })
      );
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
        el("tr", { class: u.status === "missing" ? "missing" : "", "data-unit": u.unit_id }, [
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

  // --- units and their reporters ---------------------------------------------------------------
  function loadUnitsView() {
    return loadUnits().then(function () {
      var list = SY.clear($("units"));
      if (!units.length) list.appendChild(el("li", { class: "hint", text: "还没有成员单位。" }));
      units.forEach(function (unit) {
        var card = unitCard(unit);
        list.appendChild(card);
        if (may("write")) loadReporters(unit, card); // who holds a credential: the admin's alone
      });
    }, offline);
  }

  function unitCard(unit) {
    var kinds = unitForm ? unitForm.kinds : {};
    var issue = el("div", { class: "issue" });
    return el("li", { class: "card", "data-unit": unit.unit_id }, [
      el("div", { class: "card-title" }, [unit.name, unit.active ? null : badge("不参加填报", "wait")]),
      el("div", { class: "card-meta", text: [unit.unit_id, kinds[unit.kind] || unit.kind, unit.emails.join("，") || "未填联系邮箱"].join(" · ") }),
      may("write") ? el("ul", { class: "reporters" }, [el("li", { class: "hint", text: "正在读取填报员…" })]) : null,
      issue,
      el("div", { class: "actions" }, [
        writeButton("write", "＋ 签发填报员", function () {
          issueForm(unit, issue);
        }),
      ]),
    ]);
  }

  function loadReporters(unit, card) {
    return api("GET", "/units/" + encodeURIComponent(unit.unit_id) + "/reporters").then(function (answer) {
      var list = SY.clear(card.querySelector(".reporters"));
      if (answer.status !== 200) return;
      if (!answer.body.items.length) list.appendChild(el("li", { class: "hint", text: "还没有填报员。" }));
      answer.body.items.forEach(function (r) {
        list.appendChild(reporterRow(unit, card, r));
      });
    }, offline);
  }

  function reporterRow(unit, card, r) {
    var confirmBox = el("div", { class: "confirm", hidden: true }, [
      el("p", { text: "收回后，" + (r.label || "该填报员") + "的链接立即失效，未发送的报告将无法提交。" }),
      el("div", { class: "actions" }, [
        button("确认收回", function () {
          api("DELETE", "/reporters/" + encodeURIComponent(r.reporter_id)).then(function (answer) {
            if (answer.status !== 200) return SY.toast(failed(answer));
            SY.toast("已收回");
            loadReporters(unit, card);
          }, offline);
        }, "primary small"),
        button("取消", function () {
          confirmBox.hidden = true;
        }, "link"),
      ]),
    ]);
    var state = r.revoked_at ? badge("已收回 " + when(r.revoked_at.slice(0, 10)), "bad") : badge("有效", "ok");
    return el("li", { class: "reporter", "data-reporter": r.reporter_id }, [
      el("div", { class: "reporter-line" }, [
        el("span", { class: "reporter-name", text: r.label || "填报员" }),
        state,
        el("span", { class: "hint", text: "签发于" + when(r.created_at.slice(0, 10)) }),
        r.revoked_at ? null : writeButton("write", "收回", function () {
          confirmBox.hidden = false;
        }, "link danger"),
      ]),
      confirmBox,
    ]);
  }

  function issueForm(unit, box) {
    SY.clear(box);
    var label = el("input", { type: "text", maxlength: 40, placeholder: "姓名或岗位，如 张三（可不填）", "aria-label": "填报员备注" });
    var go = el("button", { type: "submit", class: "primary small", text: "签发" });
    var form = el("form", { class: "panel", novalidate: true, onsubmit: function (event) {
      event.preventDefault();
      go.disabled = true;
      issue(unit, label.value.trim(), box).then(function () {
        go.disabled = false;
      });
    } }, [
      el("label", { text: "为" + unit.name + "签发填报员" }),
      label,
      el("div", { class: "actions" }, [go, button("取消", function () {
        SY.clear(box);
      }, "link")]),
    ]);
    box.appendChild(form);
    label.focus();
  }

  /* Issue a reporter; the link (with its token) is shown once, as a QR code to print, and kept nowhere. */
  function issue(unit, label, box) {
    var path = "/units/" + encodeURIComponent(unit.unit_id) + "/reporters";
    return api("POST", path, { label: label })
      .then(function (answer) {
        if (answer.status !== 201) throw answer;
        var issued = answer.body;
        return api("POST", "/qrcodes", { link: issued.link }).then(function (qr) {
          if (qr.status !== 200) throw qr;
          var card = qrCard(
            qr.body.svg,
            unit.name + " 填报员" + (label ? "：" + label : ""),
            "用手机扫码打开填报页，收藏该页以便下次填报",
            issued.link,
            "链接只显示这一次，关闭后无法再查看。请打印二维码或把链接发给填报员本人；丢失时请收回并重新签发。",
            function () {
              SY.clear(box);
            }
          );
          SY.clear(box).appendChild(card);
          card.scrollIntoView({ block: "nearest" });
          loadReporters(unit, box.parentNode);
        });
      })
      .catch(function (failure) {
        if (failure && failure.offline) offline();
        else SY.toast(failed(failure));
      });
  }

  // --- registering a unit, from the form's JSON Schema --------------------------------------------
  function formFromSchema(schema) {
    var p = schema.properties;
    var kindCodes = schema.$defs[p.kind.$ref.split("/").pop()].enum;
    return {
      kinds: p.kind.labels,
      fields: [
        { name: "unit_id", label: p.unit_id.title, hint: p.unit_id.description, pattern: p.unit_id.pattern, required: true },
        { name: "name", label: p.name.title, max: p.name.maxLength, required: true },
        { name: "kind", label: p.kind.title, options: kindCodes.map(function (k) {
          return [k, p.kind.labels[k] || k];
        }), required: true },
        { name: "emails", label: p.emails.title, hint: "用于催报提醒；多个邮箱用逗号分开", email: p.emails.items.pattern, max: p.emails.maxItems },
      ],
    };
  }
  function renderUnitForm() {
    var box = SY.clear($("unit-fields"));
    unitForm.fields.forEach(function (f) {
      var id = "u-" + f.name;
      var control = f.options
        ? el("select", { id: id, "data-name": f.name }, [el("option", { value: "", text: "请选择" })].concat(
            f.options.map(function (o) {
              return el("option", { value: o[0], text: o[1] });
            })
          ))
        : el("input", { id: id, type: f.email ? "email" : "text", "data-name": f.name, maxlength: f.max && !f.email ? f.max : undefined, multiple: !!f.email, autocapitalize: "off" });
      box.appendChild(
        el("div", { class: "field", "data-field": f.name }, [
          el("label", { for: id }, [f.label, f.required ? el("span", { class: "req", text: " *" }) : null]),
          control,
          f.hint ? el("p", { class: "hint", text: f.hint }) : null,
          el("p", { class: "err", hidden: true }),
        ])
      );
    });
  }
  function unitBody() {
    var body = {};
    unitForm.fields.forEach(function (f) {
      var value = $("u-" + f.name).value.trim();
      body[f.name] = f.email
        ? value.split(/[,，;；\s]+/).filter(function (e) {
            return e;
          })
        : value;
    });
    return body;
  }
  function checkUnit(body) {
    var errors = [];
    unitForm.fields.forEach(function (f) {
      var value = body[f.name];
      if (f.required && !value) errors.push({ field: f.name, message: "必填项，请填写" });
      else if (f.pattern && !new RegExp(f.pattern).test(value)) errors.push({ field: f.name, message: f.hint });
      else if (f.email) {
        var bad = value.filter(function (e) {
          return !new RegExp(f.email).test(e);
        })[0];
        if (bad) errors.push({ field: f.name, message: "邮箱格式不对：" + bad });
        else if (value.length > f.max) errors.push({ field: f.name, message: "最多" + f.max + "个邮箱" });
      }
    });
    return errors;
  }
  function showUnitErrors(errors) {
    var general = SY.markErrors($("unit-fields"), errors, function (field) {
      return field.split(".")[0];
    }).general;
    $("unit-form-error").textContent = general.join("；");
    $("unit-form-error").hidden = !general.length;
  }
  function submitUnit(event) {
    event.preventDefault();
    var body = unitBody();
    var errors = checkUnit(body);
    showUnitErrors(errors);
    if (errors.length) return;
    api("POST", "/units", body).then(function (answer) {
      if (answer.status === 409) return showUnitErrors([{ field: "unit_id", message: "单位编号已存在，请换一个" }]);
      if (answer.status !== 201) return showUnitErrors(answer.body && answer.body.errors ? answer.body.errors : [{ field: "", message: failed(answer) }]);
      $("unit-form").hidden = true;
      $("unit-form").reset();
      SY.toast("已登记：" + answer.body.name);
      loadUnitsView();
    }, offline);
  }

  // --- agreements, those ending soon first ---------------------------------------------------------
  function loadAgreements() {
    return Promise.all([api("GET", "/agreements"), units.length ? units : loadUnits()]).then(function (answers) {
      if (answers[0].status !== 200) return;
      var items = answers[0].body.items.slice().sort(function (a, b) {
        var x = a.ends_in_days === null ? 1e9 : a.ends_in_days;
        var y = b.ends_in_days === null ? 1e9 : b.ends_in_days;
        return x - y || (a.valid_to < b.valid_to ? 1 : -1);
      });
      var soon = items.filter(endingSoon).length;
      $("ending-count").textContent = String(soon);
      $("ending-count").hidden = !soon;
      $("ending").textContent = soon ? "60天内到期" + soon + "份（黄色标出，排在最前），请及时续签。" : "没有60天内到期的协议。";
      var list = SY.clear($("agreements"));
      if (!items.length) list.appendChild(el("li", { class: "hint", text: "还没有登记共建协议。" }));
      items.forEach(function (a) {
        list.appendChild(agreementCard(a));
      });
    }, offline);
  }
  var AGREEMENT_STATES = { not_yet_in_force: ["未生效", "wait"], active: ["有效", "ok"], expired: ["已到期", "bad"], terminated: ["已终止", "bad"] };
  function endingSoon(a) {
    return a.status === "active" && a.ends_in_days !== null && a.ends_in_days <= ENDING_SOON;
  }
  function agreementCard(a) {
    var state = AGREEMENT_STATES[a.status] || [a.status, "wait"];
    var badges = [badge(state[0], state[1])];
    if (endingSoon(a)) badges.push(badge(a.ends_in_days === 0 ? "今天到期" : a.ends_in_days + "天后到期", "wait"));
    if (a.status === "not_yet_in_force" && a.starts_in_days !== null) badges.push(badge(a.starts_in_days + "天后生效", "wait"));
    return el("li", { class: "card" + (endingSoon(a) ? " soon" : ""), "data-agreement": a.agreement_id }, [
      el("div", { class: "card-title", text: a.title }),
      el("div", { class: "card-meta" }, [unitName(a.unit_id) + " — " + a.military_unit].concat(badges)),
      el("div", { class: "card-meta", text: "共建期限：" + when(a.valid_from) + " 至 " + when(a.valid_to) }),
      a.goals ? el("div", { class: "card-meta goals", text: "共建目标：" + a.goals }) : null,
      el("div", { class: "actions" }, [button("详情", function () {
        openAgreement(a);
      }), writeButton("write", "修改", function () {
        editAgreement(a);
      })]),
    ]);
  }

  /* Its detail (tasks, contacts, signed documents, the activities under it) is drawn by admin-views.js. */
  function openAgreement(a) {
    $("agreement-form").hidden = true;
    SY.office.agreement = a;
    SY.office.loadAgreements = loadAgreements;
    return later("agreement")();
  }

  // --- registering and editing an agreement; what is typed is kept on this device until saved ---------
  var AGREEMENT_DRAFT = "admin.draft.agreement";
  var agreementEditing = null; // {agreement_id, version}
  var AGREEMENT_ROWS = { tasks: 50, contacts: 10 }; // at most, as the API allows
  function agreementFields(v) {
    var box = SY.clear($("agreement-form").querySelector(".fields"));
    var unitOptions = [["", "请选择"]].concat(units.map(function (u) {
      return [u.unit_id, u.name];
    }));
    [
      field("title", "协议名称", input("title", v.title, { maxlength: 100 })),
      el("div", { class: "pair" }, [
        field("unit_id", "地方单位", select("unit_id", v.unit_id, unitOptions)),
        field("military_unit", "部队单位", input("military_unit", v.military_unit, { maxlength: 100, placeholder: "番号或名称，如 73026部队" })),
      ]),
      el("div", { class: "triple-fields" }, [
        field("signed_on", "签订日期", input("signed_on", v.signed_on, { type: "date" })),
        field("valid_from", "起始日期", input("valid_from", v.valid_from, { type: "date" })),
        field("valid_to", "终止日期", input("valid_to", v.valid_to, { type: "date" })),
      ]),
      field("goals", "共建目标", el("textarea", { "data-name": "goals", rows: 4, maxlength: 2000, value: v.goals || "" })),
      agreementRows("tasks", "共建任务", v.tasks, taskRow, "＋ 添加任务"),
      agreementRows("contacts", "联系人", v.contacts, contactRow, "＋ 添加联系人"),
      field("status", "状态", select("status", v.status || "active", [["active", "有效（按起止日期生效、到期）"], ["expired", "已到期"], ["terminated", "已终止"]]),
        "生效与到期由起止日期决定；提前结束时选“已终止”"),
    ].forEach(function (node) {
      box.appendChild(node);
    });
  }
  /* Tasks and contacts: rows whose inputs are named as the API names their errors (tasks.0.title …); adding or
     removing a row draws the form again from what is typed. */
  function agreementRows(list, label, items, row, add) {
    items = items || [];
    return el("fieldset", { class: "rows", "data-field": list }, [el("legend", { text: label }), el("p", { class: "err", hidden: true })]
      .concat(items.map(function (item, i) {
        return el("div", { class: "row " + list }, row(list + "." + i + ".", item || {}).concat([button("删除", function () {
          redrawAgreement(list, i);
        }, "link danger")]));
      }), [items.length < AGREEMENT_ROWS[list] ? button(add, function () {
        redrawAgreement(list, -1);
      }) : null]));
  }
  function taskRow(p, t) {
    return [
      field(p + "title", "任务", input(p + "title", t.title, { maxlength: 200 })),
      field(p + "due_on", "完成时限", input(p + "due_on", t.due_on, { type: "date" })),
    ];
  }
  function contactRow(p, c) {
    return [
      field(p + "name", "姓名", input(p + "name", c.name, { maxlength: 20 })),
      field(p + "side", "所属方", select(p + "side", c.side || "local", [["local", "地方"], ["military", "部队"]])),
      field(p + "phone", "电话", input(p + "phone", c.phone, { type: "tel", maxlength: 20 })),
    ];
  }
  /* What the form holds, its tasks and contacts as lists. */
  function agreementValues() {
    var v = { tasks: [], contacts: [] };
    var flat = values($("agreement-form"));
    Object.keys(flat).forEach(function (k) {
      var p = k.split(".");
      if (p.length === 3) (v[p[0]][p[1]] = v[p[0]][p[1]] || {})[p[2]] = flat[k];
      else v[k] = flat[k];
    });
    return v;
  }
  function redrawAgreement(list, removed) {
    var v = agreementValues();
    if (removed < 0) v[list].push({});
    else v[list].splice(removed, 1);
    agreementFields(v);
    keepAgreement();
    if (removed < 0) $("agreement-form").querySelector('[data-name="' + list + "." + (v[list].length - 1) + '.name"], [data-name="' + list + "." + (v[list].length - 1) + '.title"]').focus();
  }
  /* An error's field as the form marks it: tasks.0.title beside its input, tasks (too many) on the list. */
  function agreementField(name) {
    var p = String(name).split(".");
    while (p.length > 1 && !$("agreement-form").querySelector('[data-field="' + p.join(".") + '"]')) p.pop();
    return p.join(".");
  }
  function showAgreementForm(v, editing, note) {
    agreementEditing = editing;
    if (editing && editing.keep && !v.tasks) Object.assign(v, editing.keep); // a draft kept before the form showed them
    var form = $("agreement-form");
    $("agreement-detail").hidden = true;
    agreementFields(v);
    SY.markErrors(form, [], agreementField);
    form.querySelector(".err.box").hidden = true;
    form.querySelector(".saved").textContent = note || "";
    $("agreement-form-title").textContent = editing ? "修改共建协议" : "登记共建协议";
    form.hidden = false;
    form.scrollIntoView({ block: "nearest" });
  }
  function keepAgreement() {
    SY.save(AGREEMENT_DRAFT, { values: agreementValues(), editing: agreementEditing });
  }
  function editAgreement(a) {
    var draft = SY.load(AGREEMENT_DRAFT, null);
    if (draft && draft.editing && draft.editing.agreement_id === a.agreement_id) {
      return showAgreementForm(draft.values, draft.editing, "本机有未保存的修改，已恢复");
    }
    var v = {};
    ["title", "unit_id", "military_unit", "signed_on", "valid_from", "valid_to", "goals", "tasks", "contacts"].forEach(function (k) {
      v[k] = a[k];
    });
    // The status as recorded: a period's 未生效 or 有效 are both recorded as active.
    v.status = a.status === "terminated" ? "terminated" : a.status === "expired" && a.ended_at ? "expired" : "active";
    showAgreementForm(v, { agreement_id: a.agreement_id, version: a.version });
    SY.save(AGREEMENT_DRAFT, null);
  }
  function agreementErrors(errors) {
    var form = $("agreement-form");
    var marked = SY.markErrors(form, errors, agreementField);
    form.querySelector(".err.box").textContent = marked.general.join("；");
    form.querySelector(".err.box").hidden = !marked.general.length;
    if (marked.first) marked.first.scrollIntoView({ block: "center" });
  }
  function submitAgreement(event) {
    event.preventDefault();
    keepAgreement();
    var form = $("agreement-form");
    var v = agreementValues();
    var body = {};
    Object.keys(v).forEach(function (k) {
      body[k] = k === "goals" || typeof v[k] !== "string" ? v[k] : v[k].trim();
    });
    body.tasks = v.tasks.map(function (t) {
      return { title: t.title.trim(), due_on: t.due_on || null };
    });
    body.contacts = v.contacts.map(function (c) {
      return { name: c.name.trim(), side: c.side, phone: c.phone.trim() || null };
    });
    var editing = agreementEditing;
    if (editing) body.version = editing.version;
    var go = form.querySelector("button[type=submit]");
    go.disabled = true;
    var call = editing ? api("PUT", "/agreements/" + encodeURIComponent(editing.agreement_id), body) : api("POST", "/agreements", body);
    call.then(function (answer) {
      go.disabled = false;
      if (answer.status !== 200 && answer.status !== 201) {
        return agreementErrors(answer.body && answer.body.errors ? answer.body.errors : [{ field: "", message: failed(answer) }]);
      }
      SY.save(AGREEMENT_DRAFT, null);
      agreementEditing = null;
      form.hidden = true;
      SY.toast((editing ? "已修改：" : "已登记：") + answer.body.title);
      loadAgreements();
    }, function () {
      go.disabled = false;
      agreementErrors([{ field: "", message: "网络不通，未能保存。填写的内容保存在本机，联网后请再点“保存”。" }]);
    });
  }
  function newAgreement() {
    var draft = SY.load(AGREEMENT_DRAFT, null);
    if (draft && !draft.editing) return showAgreementForm(draft.values, null, "本机有未保存的内容，已恢复");
    showAgreementForm({ signed_on: SY.today(), valid_from: SY.today() }, null);
  }
  function agreementsView() {
    return loadAgreements().then(function () {
      var draft = SY.load(AGREEMENT_DRAFT, null);
      if (draft && may("write") && $("agreement-form").hidden) showAgreementForm(draft.values, draft.editing, "本机有未保存的修改，已恢复");
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
  function toggleLock() {
    var m = month;
    var toggle = $("lock-toggle");
    var action = toggle.getAttribute("data-action");
    toggle.disabled = true;
    api("POST", "/months/" + m + "/" + action).then(function (answer) {
      toggle.disabled = false;
      if (answer.status !== 200) return SY.toast(failed(answer));
      SY.toast((action === "lock" ? "已锁定" : "已重新开放") + SY.monthLabel(m));
      if (m === month) renderLock(answer.body);
    }, function () {
      toggle.disabled = false;
      offline();
    });
  }

  // --- forms the clerk types into: kept on this device until the API has taken them ----------------
  function field(name, label, control, hint, unit) {
    control.id = control.id || "s-" + name.replace(/\./g, "-");
    return el("div", { class: "field", "data-field": name }, [
      el("label", { for: control.id, text: label }),
      unit ? el("div", { class: "with-unit" }, [control, el("span", { class: "unit", text: unit })]) : control,
      hint ? el("p", { class: "hint", text: hint }) : null,
      el("p", { class: "err", hidden: true }),
    ]);
  }
  function input(name, value, attrs) {
    return el("input", Object.assign({ type: "text", "data-name": name, value: value === null || value === undefined ? "" : String(value) }, attrs || {}));
  }
  function select(name, value, options) {
    return el("select", { "data-name": name }, options.map(function (o) {
      return el("option", { value: o[0], text: o[1], selected: String(o[0]) === String(value) });
    }));
  }
  function values(form) {
    var found = {};
    Array.prototype.forEach.call(form.querySelectorAll("[data-name]"), function (node) {
      found[node.getAttribute("data-name")] = node.value;
    });
    return found;
  }
  function topField(field) {
    return String(field).split(".")[0];
  }

  // --- views ------------------------------------------------------------------------------------------
  /* The views not needed at first paint live in admin-views.js (the body's data-views), loaded once, when one
     of them is first opened; it adds its views to SY.office.views and uses the helpers below. */
  SY.office = {
    views: {},
    api: api,
    may: may,
    summaryTrouble: summaryTrouble,
    me: function () {
      return me;
    },
    writeButton: writeButton,
    failed: failed,
    offline: offline,
    badge: badge,
    button: button,
    when: when,
    unitName: unitName,
    units: function () {
      return units.length ? Promise.resolve(units) : loadUnits();
    },
    unitsNow: function () {
      return units;
    },
    renderDownloads: renderDownloads,
    copy: copy,
    qrCard: qrCard,
    field: field,
    input: input,
    select: select,
    values: values,
    topField: topField,
    ROLE_NAMES: ROLE_NAMES,
  };
  var loading = {}; // a later file's promise, by the body's attribute naming it
  function later(view, from) {
    return function () {
      var name = from || "data-views";
      var section = $("view-" + view);
      loading[name] = loading[name] || new Promise(function (resolve, reject) {
        document.head.appendChild(el("script", { src: document.body.getAttribute(name), onload: resolve, onerror: reject }));
      });
      if (section) section.inert = true; // its buttons do nothing until the file that handles them has come
      return loading[name].then(function () {
        if (section) section.inert = false;
        return SY.office.views[view]();
      }, function () {
        if (section) section.inert = false;
        loading[name] = null; // the next click tries again
        offline();
      });
    };
  }
  var LOADERS = { months: loadMonths, periods: later("periods"), units: loadUnitsView, agreements: agreementsView, surveys: later("surveys", "data-editors"), plan: later("plan", "data-editors"), settings: later("settings"), review: later("review"), staff: later("staff"), audit: later("audit") };
  function show(view) {
    Array.prototype.forEach.call(document.querySelectorAll(".tab"), function (tab) {
      tab.setAttribute("aria-selected", tab.getAttribute("data-view") === view ? "true" : "false");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".view"), function (section) {
      section.hidden = section.id !== "view-" + view;
    });
    if (view !== "months") clearTimeout(poll);
    LOADERS[view]();
  }

  function start() {
    if (!token) {
      notice("请使用县双拥办的管理链接（含凭证）打开本页。");
      window.addEventListener("hashchange", function () {
        location.reload();
      });
      return;
    }
    whoAmI().then(function (known) {
      if (known) open();
    });
  }
  function open() {
    $("tabs").hidden = false;
    Array.prototype.forEach.call(document.querySelectorAll(".tab"), function (tab) {
      tab.addEventListener("click", function () {
        show(tab.getAttribute("data-view"));
      });
    });
    $("compile").addEventListener("click", compileMonth);
    $("lock-toggle").addEventListener("click", toggleLock);
    $("new-unit").addEventListener("click", function () {
      if (!unitForm) return SY.toast("正在读取表单，请稍后再试");
      $("unit-form").hidden = false;
      $("u-unit_id").focus();
    });
    $("unit-cancel").addEventListener("click", function () {
      $("unit-form").hidden = true;
    });
    $("unit-form").addEventListener("submit", submitUnit);
    $("new-agreement").addEventListener("click", newAgreement);
    $("agreement-form").addEventListener("submit", submitAgreement);
    $("agreement-form").addEventListener("input", keepAgreement);
    $("agreement-form").addEventListener("change", keepAgreement);
    $("agreement-cancel").addEventListener("click", function () {
      SY.save(AGREEMENT_DRAFT, null);
      agreementEditing = null;
      $("agreement-form").hidden = true;
    });
    window.addEventListener("hashchange", function () {
      if (/(?:^#|&)token=/.test(location.hash)) return location.reload(); // another link, pasted here
      var m = summaryAsked();
      if (!m) return;
      month = m;
      show("months");
    });
    window.addEventListener("online", function () {
      $("net").hidden = true;
    });
    window.addEventListener("offline", function () {
      $("net").hidden = false;
    });
    $("net").hidden = navigator.onLine;
    api("GET", "/forms/unit/schema").then(function (answer) {
      if (answer.status !== 200) return;
      unitForm = formFromSchema(answer.body); // the kinds' names too, for every role
      if (may("write")) renderUnitForm();
    });
    show("months");
    loadAgreements(); // the tab shows how many end soon
  }

  start();
})();
