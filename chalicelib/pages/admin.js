/* The county office's page (县双拥办), what every tab shares: the token that came in the link's fragment and
   stays on this device (the owner token or a staff member's personal link), GET /me (who that is, and the
   server's table of what each role may do), the API calls, the helpers of the forms and cards, and the loader of
   the tabs. Each tab is a script of its own (its button's data-script: admin-summaries.js, admin-units.js …),
   loaded when the tab is first opened, which registers its view with O.register and uses the helpers below.
   The page shows only what the role may do: each write control carries data-needs="write" (admin), "compile" or
   "review" (admin, reviewer), the body's data-role hides the ones the role lacks (admin.css), and `may` keeps the
   code from building them. */
(function () {
  "use strict";
  var $ = SY.$,
    el = SY.el;
  var LINK_AGE_MS = 10 * 60 * 1000; // download links last 15 minutes: older ones are asked for again
  var asked = summaryAsked(); // before the token is taken off the address: the digest e-mail links to #summary=<month>
  var wanted = fragment("org", "[a-z0-9_-]+"); // the county below chosen before this load (kept as #org=<org_id>)
  var token = SY.takeToken("admin");
  var org = null; // the county below whose data the page shows (every call carries ?org=), read only; null: our own
  var units = []; // the units, for names
  var me = null; // who the token is (GET /me): {role, name, actor, unit_id, roles}; null until known
  var O = (SY.office = {});

  function fragment(name, pattern) {
    var found = new RegExp("(?:^#|&)" + name + "=(" + pattern + ")(?:&|$)").exec(location.hash);
    return found ? found[1] : null;
  }
  function summaryAsked() {
    return fragment("summary", "\\d{4}-(?:0[1-9]|1[0-2])");
  }

  function api(method, path, body) {
    if (org) path += (path.indexOf("?") < 0 ? "?" : "&") + "org=" + org;
    return SY.request(method, path, body === undefined ? undefined : SY.json(body), token).then(function (answer) {
      if (answer.status === 401) notice("管理链接已失效。请使用县双拥办的管理链接（含凭证）重新打开本页。");
      if (answer.status === 403 && answer.body && answer.body.code === "403.1") {
        notice(role(me && me.role).staff ? answer.body.message : "这个链接没有县双拥办的权限。");
      }
      return answer;
    });
  }
  /* A role as GET /me's table has it ({role, label, duties, staff, may}); a role it lacks may nothing. */
  function role(code) {
    var found = ((me && me.roles) || []).filter(function (r) {
      return r.role === code;
    })[0];
    return found || { role: code, label: code || "", duties: null, staff: false, may: [] };
  }
  function roleName(code) {
    return role(code).label;
  }
  /* The roles a staff member may hold, as choices: [code, "审核员（审核报告、申请汇总）"]. */
  function roleOptions() {
    return ((me && me.roles) || []).filter(function (r) {
      return r.staff;
    }).map(function (r) {
      return [r.role, r.label + "（" + r.duties + "）"];
    });
  }
  /* Whether the role may do `need` ("write", "compile" or "review"); nothing is allowed until GET /me has answered,
     nor in a county below (the API refuses every write there). */
  function may(need) {
    return !!me && !org && role(me.role).may.indexOf(need) >= 0;
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
      if (role(me.role).staff) {
        $("who").textContent = me.name + " · " + roleName(me.role);
        $("who").hidden = false;
      }
      return true;
    }, function () {
      offline(); // the role stays unknown: the page reads, and shows no write control
      return true;
    });
  }
  /* A city's or a province's office reads the organisations below its own (GET /orgs): admin-orgs.js, loaded only
     then, draws their picker and answers the one chosen before (#org=), if it is below, before the first view opens. */
  function organisations() {
    return api("GET", "/orgs").then(function (answer) {
      var top = answer.status === 200 && answer.body.scope !== "all" && answer.body.items[0];
      if (!top || !top.children.length) return;
      return script($("org-pick").getAttribute("data-script")).then(function () {
        org = O.pickOrg(top, wanted);
        if (org) document.body.setAttribute("data-org", org);
      });
    }).catch(function () {});
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


  // --- files: navigations to short-lived links, asked for again when old -------------------------------------
  /* A link the API answered (Content-Disposition: attachment), followed as a navigation, never fetched; asked for
     again (`again()`: a promise of the fresh URL) when older than LINK_AGE_MS. */
  function freshLink(attrs, fetchedAt, again) {
    return el("a", Object.assign({ rel: "noreferrer", onclick: function (event) {
      if (Date.now() - fetchedAt < LINK_AGE_MS) return;
      event.preventDefault();
      again().then(function (url) {
        if (url) location.href = url;
      }, offline);
    } }, attrs));
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
      box.appendChild(
        freshLink({ class: "secondary small", id: (prefix || "") + "download-" + pair[0], href: link.url, title: link.filename, text: pair[1] }, fetchedAt, function () {
          return api("GET", "/summaries/" + m).then(function (answer) {
            var fresh = answer.status === 200 && answer.body.downloads && answer.body.downloads[pair[0]];
            return fresh && fresh.url;
          });
        })
      );
    });
  }


  // --- the report form's schema: the activity types' names, figures and field titles ---------------------------
  var NO_FORM = { types: [], choices: {}, titles: {} }; // until the schema is read: codes as they are
  var reportForm = null; // {types, choices, titles} from the report form's schema, for names and figures
  function reportSchema() {
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
  function reportFormNow() {
    return reportForm || NO_FORM;
  }
  function typeName(code) {
    var t = reportFormNow().types.filter(function (x) {
      return x.code === code;
    })[0];
    return t ? t.label : code;
  }
  /* The last `count` months, this one first, as a select's options. */
  function monthOptions(select, count) {
    var box = SY.clear(select);
    var m = SY.today().slice(0, 7);
    for (var i = 0; i < count; i++) {
      box.appendChild(el("option", { value: m, text: SY.monthLabel(m) }));
      m = SY.previousMonth(m);
    }
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
  /* Each refusal beside the input it names (`fieldOf`, else the deepest [data-field] it names), the rest in the
     form's .err.box; the first marked is scrolled into view. */
  function showErrors(form, errors, fieldOf) {
    var marked = SY.markErrors(form, errors, fieldOf || nearest(form));
    var box = form.querySelector(".err.box");
    box.textContent = marked.general.join("；");
    box.hidden = !marked.general.length;
    if (marked.first) marked.first.scrollIntoView({ block: "center" });
    return marked;
  }
  /* A sheet's refused cells (`rows.3.kind`) as a table: 第3行, the column's name (`names`), the API's reason. */
  function refusedCells(cells, names) {
    return el("table", { class: "grid refused", id: "refused-cells" }, [
      el("thead", {}, [el("tr", {}, [el("th", { text: "行" }), el("th", { text: "列" }), el("th", { text: "原因" })])]),
      el("tbody", {}, cells.map(function (e) {
        var parts = String(e.field).split(".");
        var row = parts[0] === "rows" ? "第" + parts[1] + "行" : "";
        var column = names[parts[0] === "rows" ? parts[2] : parts[0]] || parts.slice(2).join(".");
        return el("tr", { "data-row": parts[1] || "", "data-column": parts[2] || parts[0] }, [el("td", { text: row }), el("td", { text: column }), el("td", { text: e.message })]);
      })),
    ]);
  }
  function refusal(answer) {
    return answer.body && answer.body.errors ? answer.body.errors : [{ field: "", message: failed(answer) }];
  }
  var LOST = [{ field: "", message: "网络不通，未能保存。填写的内容保存在本机，联网后请再点“保存”。" }];
  /* The one cycle of every form the clerk types into. What is typed is kept on this device (`keep`, under the
     form's draft key) until the API has taken it, so a refusal, a lost connection or a reload loses nothing.
     Submitting sends `send()` (the API's promise) while the submit button waits; a refusal is shown beside the
     inputs its errors name, in the API's words (`refused(answer)` may say them otherwise: a conflict's field);
     once taken, the draft is forgotten, `done(answer)` runs, and the words it answers are told in a toast. */
  function keep(form, key, read) {
    function kept() {
      SY.save(key, read ? read() : values(form));
    }
    form.addEventListener("input", kept);
    form.addEventListener("change", kept);
    return kept;
  }
  function submit(form, spec) {
    var go = form.querySelector("button[type=submit]");
    if (go) go.disabled = true;
    function again() {
      if (go) go.disabled = false;
    }
    return spec.send().then(function (answer) {
      again();
      if (answer.status < 200 || answer.status > 299) {
        return showErrors(form, spec.refused ? spec.refused(answer) : refusal(answer), spec.fieldOf);
      }
      if (spec.draft) SY.save(spec.draft, null);
      showErrors(form, [], spec.fieldOf);
      var told = spec.done(answer);
      if (told) SY.toast(told);
    }, function () {
      again();
      var verb = go ? go.textContent : "保存"; // 未能登记 … 再点“登记”
      showErrors(form, [{ field: "", message: "网络不通，未能" + verb + "。填写的内容保存在本机，联网后请再点“" + verb + "”。" }], spec.fieldOf);
    });
  }
  /* A labelled control in a [data-field] box with its .err paragraph (first, so a box holding others shows its own). */
  function box(name, label, control, hint) {
    return el("div", { class: "field", "data-field": name }, [
      label ? el("label", { for: control.id || undefined, text: label }) : null,
      control,
      hint ? el("p", { class: "hint", text: hint }) : null,
      el("p", { class: "err", hidden: true }),
    ]);
  }
  /* A question asked before an action that cannot be undone or that acts on many records: what will happen, then
     `yes` or 取消. The box stays hidden until its ask(what) shows it (`what`: the words, or nodes, when they
     depend on the moment). `go()` is the action: while its promise runs the button waits; a refusal it throws
     (the API's answer) is said in the box, which closes once the action is done. */
  function confirmation(text, yes, go) {
    var said = el("div", { class: "confirm-text" }, [el("p", { text: text })]);
    var err = el("p", { class: "err", hidden: true });
    var box = el("div", { class: "confirm", role: "alertdialog", hidden: true }, [said, err]);
    var yesButton = button(yes, function () {
      yesButton.disabled = true;
      err.hidden = true;
      Promise.resolve(go()).then(function () {
        yesButton.disabled = false;
        box.hidden = true;
      }, function (answer) {
        yesButton.disabled = false;
        err.textContent = answer && answer.status ? failed(answer) : "网络不通，请稍后再试";
        err.hidden = false;
      });
    }, "primary small");
    box.appendChild(el("div", { class: "actions" }, [yesButton, button("取消", function () {
      box.hidden = true;
    }, "link")]));
    box.ask = function (what) {
      if (what) {
        SY.clear(said);
        (typeof what === "string" ? [el("p", { text: what })] : what).forEach(function (node) {
          said.appendChild(node);
        });
      }
      err.hidden = true;
      box.hidden = false;
      yesButton.focus();
    };
    return box;
  }
  /* 退回修改's box, shown by the card's own 退回修改 button (`box.open()`): the comment, kept on this device under
     `draftKey` as it is typed (`kept.comment`: what the card held before it was drawn again), 确认退回 (`send(comment)`)
     and 取消. Used for a report in 审核 and for a unit's file in 材料收集. */
  function returnBox(id, draftKey, kept, placeholder, send) {
    var comment = el("textarea", { rows: 2, maxlength: 500, "data-name": "comment", id: id, placeholder: placeholder,
      value: kept.comment || SY.load(draftKey, "") || "", oninput: function () {
        SY.save(draftKey, comment.value);
      } });
    var box = el("div", { class: "field return-box", "data-field": "comment", hidden: !kept.returning }, [
      el("label", { for: id, text: "退回意见（单位将收到邮件）" }),
      comment,
      el("p", { class: "err", hidden: true }),
      el("div", { class: "actions" }, [
        button("确认退回", function () {
          send(comment.value.trim());
        }, "primary small"),
        button("取消", function () {
          box.hidden = true;
        }, "link"),
      ]),
    ]);
    box.open = function () {
      box.hidden = false;
      comment.focus();
    };
    return box;
  }
  /* The API's answer when it is `status` (200 unless named), else thrown for a confirmation to say. */
  function taken(status) {
    return function (answer) {
      if (answer.status !== (status || 200)) throw answer;
      return answer;
    };
  }
  /* What another tab (the audit) asked this view to show, taken once: its `opens` ({view, and the record's ids});
     null when nothing was asked. */
  function opening(view) {
    var asked = O.opening && O.opening.view === view ? O.opening : null;
    if (asked) O.opening = null;
    return asked;
  }
  /* The record's card, row or form asked for: marked and brought into sight. */
  function reveal(node) {
    if (!node) return;
    node.classList.add("asked");
    node.scrollIntoView({ block: "center" });
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

  // --- the tabs: each one's script loaded when it is first opened -----------------------------------------------
  var views = {}; // view -> {open, leave}, as its script registered it
  var scripts = {}; // a script's promise, by its address
  var shown = null; // the view on screen
  /* A tab's script calls this for each view it draws: `open` when the view is shown, `leave` when another is. */
  O.register = function (view, open, leave) {
    views[view] = { open: open, leave: leave };
  };
  function script(src) {
    scripts[src] = scripts[src] || new Promise(function (resolve, reject) {
      document.head.appendChild(el("script", { src: src, onload: resolve, onerror: reject }));
    });
    return scripts[src];
  }
  function openView(view) {
    if (views[view]) return views[view].open();
    var section = $("view-" + view);
    var src = document.querySelector('.tab[data-view="' + view + '"]').getAttribute("data-script");
    section.inert = true; // its buttons do nothing until the script that handles them has come
    return script(src).then(function () {
      section.inert = false;
      if (shown === view) return views[view].open();
    }, function () {
      section.inert = false;
      scripts[src] = null; // the next click tries again
      offline();
    });
  }
  function show(view) {
    Array.prototype.forEach.call(document.querySelectorAll(".tab"), function (tab) {
      tab.setAttribute("aria-selected", tab.getAttribute("data-view") === view ? "true" : "false");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".view"), function (section) {
      section.hidden = section.id !== "view-" + view;
    });
    if (shown && shown !== view && views[shown] && views[shown].leave) views[shown].leave();
    shown = view;
    return openView(view);
  }

  /* How many agreements end soon, on the 共建协议 tab's button, before that tab is opened. */
  function countEndingSoon() {
    api("GET", "/agreements").then(function (answer) {
      if (answer.status !== 200) return;
      var soon = answer.body.items.filter(endingSoon).length;
      $("ending-count").textContent = String(soon);
      $("ending-count").hidden = !soon;
    }, function () {});
  }
  function endingSoon(a) {
    return a.status === "active" && a.ends_in_days !== null && !!me && a.ends_in_days <= me.ending_soon_days;
  }

  Object.assign(O, {
    api: api,
    may: may,
    me: function () {
      return me;
    },
    roleName: roleName,
    roleOptions: roleOptions,
    writeButton: writeButton,
    failed: failed,
    offline: offline,
    badge: badge,
    button: button,
    when: SY.dayLabel,
    unitName: unitName,
    loadUnits: loadUnits,
    units: function () {
      return units.length ? Promise.resolve(units) : loadUnits();
    },
    unitsNow: function () {
      return units;
    },
    renderDownloads: renderDownloads,
    freshLink: freshLink,
    copy: copy,
    qrCard: qrCard,
    svgImage: svgImage,
    reportSchema: reportSchema,
    reportFormNow: reportFormNow,
    typeName: typeName,
    monthOptions: monthOptions,
    field: field,
    input: input,
    select: select,
    values: values,
    showErrors: showErrors,
    keep: keep,
    submit: submit,
    refusal: refusal,
    refusedCells: refusedCells,
    LOST: LOST,
    box: box,
    confirmation: confirmation,
    returnBox: returnBox,
    opening: null, // what the audit asks a tab to show (its entry's `opens`), until that tab takes it
    takeOpening: opening,
    reveal: reveal,
    taken: taken,
    download: download,
    whole: whole,
    decimal: decimal,
    endingSoon: endingSoon,
    countEndingSoon: countEndingSoon,
    asked: asked, // the month the months' view opens first
  });

  /* The year at a glance first, as an office looks at it; a month the link names (the digest's #summary=) instead. */
  function firstView() {
    return O.asked ? "months" : "board";
  }
  function start() {
    if (!token) {
      notice("请使用县双拥办的管理链接（含凭证）打开本页。");
      window.addEventListener("hashchange", function () {
        location.reload();
      });
      return;
    }
    script(document.querySelector('.tab[data-view="' + firstView() + '"]').getAttribute("data-script")); // beside GET /me
    Promise.all([whoAmI(), organisations()]).then(function (done) {
      if (done[0]) open();
    });
  }
  function open() {
    $("tabs").hidden = false;
    Array.prototype.forEach.call(document.querySelectorAll(".tab"), function (tab) {
      tab.addEventListener("click", function () {
        show(tab.getAttribute("data-view"));
      });
    });
    window.addEventListener("hashchange", function () {
      if (/(?:^#|&)token=/.test(location.hash)) return location.reload(); // another link, pasted here
      var m = summaryAsked();
      if (!m) return;
      O.asked = m;
      show("months");
    });
    window.addEventListener("online", function () {
      $("net").hidden = true;
    });
    window.addEventListener("offline", function () {
      $("net").hidden = false;
    });
    $("net").hidden = navigator.onLine;
    show(firstView());
    countEndingSoon();
  }

  start();
})();
