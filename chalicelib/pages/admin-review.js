/* The county office's page, 审核: a month's reports by unit with their figures, warnings and photos; 通过, 退回修改
   with a comment, a unit's month at once. */
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
    button = O.button,
    when = O.when,
    unitName = O.unitName,
    reportSchema = O.reportSchema,
    reportFormNow = O.reportFormNow,
    typeName = O.typeName,
    monthOptions = O.monthOptions;
  // --- 审核: a month's reports by unit, with their figures and photos; 通过, 退回修改 with a comment -------
  var REVIEW = { pending: ["待审核", "rv-pending"], approved: ["已通过", "rv-approved"], returned: ["退回修改", "rv-returned"] };
  var reviewing = { month: null, state: "pending" };
  /* Every page of the month's reports in that review state (of one unit if asked), each with every rule's warnings
     (warnings=all: judged in the county's context, three reads a page), kept for its card. */
  function monthReports(m, state, unitId) {
    var found = [];
    function page(next) {
      var path = "/reports?month=" + m + "&limit=100&warnings=all" + (state ? "&review=" + state : "") +
        (unitId ? "&unit_id=" + encodeURIComponent(unitId) : "") + (next ? "&next_token=" + encodeURIComponent(next) : "");
      return api("GET", path).then(function (answer) {
        if (answer.status !== 200) throw answer;
        answer.body.items.forEach(function (r) {
          judged[r.report_id] = { version: r.version, warnings: r.warnings };
        });
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
    return Promise.all([monthReports(m, state), reportSchema(), O.units()]).then(function (found) {
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
    var box = SY.clear($("review-units"));
    order.forEach(function (unitId) {
      box.appendChild(unitGroup(m, unitId, byUnit[unitId]));
    });
    countLine();
  }
  /* The line above the cards, counted from them: after each 通过 or 退回 the cards that left the state shown are
     no longer counted (they stay on screen, marked, until the list is read again). */
  function countLine() {
    var state = reviewing.state;
    var cards = document.querySelectorAll('#review-units .review-card[data-state="' + state + '"]');
    var groups = {};
    Array.prototype.forEach.call(cards, function (card) {
      groups[card.closest(".review-unit").getAttribute("data-unit")] = true;
    });
    var handled = document.querySelectorAll("#review-units .review-card").length - cards.length;
    $("review-line").textContent = (cards.length
      ? SY.monthLabel(reviewing.month) + REVIEW[state][0] + cards.length + "份，" + Object.keys(groups).length + "个单位。"
      : SY.monthLabel(reviewing.month) + "没有" + REVIEW[state][0] + "的报告。") + (handled ? "本次已处理" + handled + "份。" : "");
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
    var caution = may("review") ? O.confirmation("", "确认全部通过", function () {
      return approveUnitMonth(m, unitId, group, note);
    }) : null;
    if (caution) caution.classList.add("approve-caution");
    var all = caution ? button("", function () {
      var pending = group.querySelectorAll('.review-card[data-state="pending"]').length;
      var said = [el("p", { text: "将通过" + unitName(unitId) + SY.monthLabel(m) + "的全部" + pending + "份待审核报告，通过后计入汇总。" })];
      // Named before anything is approved: the reviewer approves them knowingly, or checks them first.
      var warned = warnedPending(group);
      if (warned.length) {
        said.push(el("p", { class: "warn", text: "以下报告有数据提示，请先核对：" }));
        said.push(el("ul", {}, warned.map(function (line) {
          return el("li", { text: line });
        })));
      }
      caution.ask(said);
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
  var judged = {}; // report_id -> {version, warnings}: every rule's warnings, as the month's list judged them
  /* Every rule's warnings for the report (the profile, the agreement and the county's history too), as the month's
     list judged them; a version the list did not see (a card redrawn from a decision's answer, which judges the
     report alone) draws those at once and asks its GET for the rest. */
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
  /* One report as a reviewer checks it; `kept`: what was typed or refused on its card before it was drawn again. */
  function reportCard(r, kept) {
    kept = kept || {};
    var state = reviewState(r);
    var review = r.review || {};
    var draftKey = "admin.review." + r.report_id;
    var returnBox = !may("review") ? null : O.returnBox("comment-" + r.report_id, draftKey, kept, "写明需要修改什么，如：慰问金数额与附件不符", function (comment) {
      decide(card, r, "return", comment);
    });
    var general = el("div", { class: "field", "data-field": "" }, [el("p", { class: "err", hidden: true })]);
    var actions = may("review") ? el("div", { class: "actions review-actions", "data-needs": "review" }, [
      state === "approved" ? null : button("通过", function () {
        decide(card, r, "approve", "");
      }, "primary small"),
      button("退回修改", function () {
        returnBox.open();
      }, "secondary small"),
    ]) : null;
    var who = [review.by_name, review.at ? when(review.at) : ""].filter(function (x) {
      return x;
    }).join(" · ");
    var shown = SY.figures(reportFormNow().types, reportFormNow().choices, r);
    var photos = el("div", { class: "photos review-photos" });
    var warnings = el("div", { class: "warn box review-warnings", hidden: true });
    var changed = el("div", { class: "box review-changes", hidden: true });
    var card = el("li", { class: "card review-card" + (state === "returned" ? " returned" : ""), "data-report": r.report_id, "data-state": state }, [
      el("div", { class: "card-title", text: r.title }),
      el("div", { class: "card-meta" }, [badge(REVIEW[state][0], REVIEW[state][1]), typeName(r.activity_type) + " · " + when(r.occurred_on), r.late ? badge("迟报", "late") : null]),
      el("div", { class: "card-meta", text: [r.location, r.counterpart, "参加" + r.participants + "人"].join(" · ") }),
      shown.length ? el("div", { class: "figures", text: shown.join(" · ") }) : null,
      r.description ? el("p", { class: "description", text: r.description }) : null,
      warnings,
      changed,
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
    if (state === "pending" && r.version > 1) showChanges(r, changed);
    return card;
  }
  /* What a correction changed: each field since the version the office last judged (returned or approved), old →
     new, from the report's history; a report never judged shows nothing. */
  function showChanges(r, box) {
    api("GET", "/reports/" + encodeURIComponent(r.report_id) + "/history").then(function (answer) {
      if (answer.status !== 200) return;
      var since = {}; // field -> [old, new]: the first old after the judgement, the last new
      var judged = false;
      answer.body.items.forEach(function (revision) {
        if (revision.action === "returned" || revision.action === "approved") {
          judged = true;
          since = {};
        } else if (judged && revision.action === "updated") {
          Object.keys(revision.changes).forEach(function (name) {
            since[name] = [name in since ? since[name][0] : revision.changes[name][0], revision.changes[name][1]];
          });
        }
      });
      var lines = [];
      var order = Object.keys(reportFormNow().titles); // the form's order; a field it does not title comes last
      function place(name) {
        return order.indexOf(name) < 0 ? order.length : order.indexOf(name);
      }
      Object.keys(since).sort(function (a, b) {
        return place(a) - place(b);
      }).forEach(function (name) {
        if (name !== "review") lines = lines.concat(changeLines(r, name, since[name][0], since[name][1]));
      });
      SY.clear(box).hidden = !lines.length;
      if (!lines.length) return;
      box.appendChild(el("b", { text: "退回后改动：" }));
      box.appendChild(el("ul", {}, lines.map(function (line) {
        return el("li", { text: line });
      })));
    }, function () {});
  }
  /* A changed field as the reviewer reads it: "走访户数：16 → 18"; a figure by its label, a date in words. */
  function changeLines(r, name, old, now) {
    var titles = reportFormNow().titles;
    if (name === "metrics") return figureLines(r, old || {}, now || {});
    if (name === "photos") return ["照片：" + (old || []).length + "张 → " + (now || []).length + "张"];
    if (name === "agreement_id" || name === "plan_task_id") return [(titles[name] || name) + "：已更换"];
    var words = { activity_type: typeName, occurred_on: when }[name] || function (v) {
      return v === null || v === undefined || v === "" ? "（空）" : String(v);
    };
    return [(titles[name] || name) + "：" + words(old) + " → " + words(now)];
  }
  function figureLines(r, old, now) {
    var form = reportFormNow();
    var type = form.types.filter(function (t) {
      return t.code === r.activity_type;
    })[0] || { figures: [] };
    var labels = {};
    (form.choices[r.activity_type] || []).forEach(function (c) {
      labels[c.name] = { label: c.label, options: c.options };
    });
    type.figures.forEach(function (f) {
      labels[f.code] = { label: f.label, figure: f };
    });
    function words(known, v) {
      if (v === null || v === undefined || v === "") return "（空）";
      if (known.options) return (known.options.filter(function (o) {
        return o[0] === v;
      })[0] || [v, v])[1];
      if (known.figure && known.figure.kind === "money") return SY.money(v);
      return String(v);
    }
    var names = Object.keys(old).concat(Object.keys(now).filter(function (k) {
      return !(k in old);
    }));
    return names.filter(function (k) {
      return JSON.stringify(old[k]) !== JSON.stringify(now[k]);
    }).map(function (k) {
      var known = labels[k];
      if (!known) return "分组明细：已修改"; // a visit's groups: each group's figures are on the card
      return known.label + "：" + words(known, old[k]) + " → " + words(known, now[k]);
    });
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
        var name = r.title + " 照片" + (i + 1);
        box.appendChild(el("button", { type: "button", class: "thumb-open", title: "查看" + name, onclick: function () {
          showPhoto(link.url, name);
        } }, [el("img", { class: "thumb", alt: name, src: link.url })]));
      });
    }, function () {});
  }
  /* A photo at full size over the page (the link opens no tab and downloads nothing). */
  function showPhoto(url, name) {
    var dialog = $("photo-dialog");
    if (!dialog) {
      dialog = el("dialog", { id: "photo-dialog", class: "photo-dialog" }, [
        el("img", { class: "photo-full" }),
        el("div", { class: "actions" }, [button("关闭", function () {
          dialog.close();
        }, "secondary small")]),
      ]);
      dialog.addEventListener("click", function (event) {
        if (event.target === dialog) dialog.close(); // a tap beside the photo
      });
      document.body.appendChild(dialog);
    }
    var img = dialog.querySelector("img");
    img.src = url;
    img.alt = name;
    dialog.showModal();
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
    countLine();
  }
  function approveUnitMonth(m, unitId, group, note) {
    return api("POST", "/units/" + encodeURIComponent(unitId) + "/months/" + m + "/approve").then(O.taken()).then(function (answer) {
      var done = answer.body;
      var skipped = done.skipped.map(function (s) {
        return "“" + s.title + "”" + s.reason;
      });
      note.textContent = "已通过" + done.approved + "份。" + skipped.join("；");
      note.className = (skipped.length ? "err" : "hint") + " approve-note";
      note.hidden = false;
      // The unit's cards as they are now, each in its place.
      return monthReports(m, null, unitId).then(function (now) {
        now.forEach(function (r) {
          var card = group.querySelector('[data-report="' + r.report_id + '"]');
          if (card) redraw(card, r, {});
        });
      }, function (failure) {
        return failure && failure.status ? SY.toast(failed(failure)) : offline();
      });
    });
  }
  var reviewReady = false;
  function reviewView() {
    if (!reviewReady) {
      reviewReady = true;
      monthOptions($("review-month"), 12);
      $("review-month").value = SY.previousMonth(SY.today().slice(0, 7));
      $("review-month").addEventListener("change", loadReview);
      Array.prototype.forEach.call(document.querySelectorAll("#review-filter button"), function (b) {
        b.addEventListener("click", function () {
          reviewing.state = b.getAttribute("data-review");
          loadReview();
        });
      });
    }
    var opening = O.takeOpening("review");
    return opening ? openReport(opening) : loadReview();
  }
  /* A report asked for from elsewhere on the page (the audit): its month and review state, the card in sight. */
  function openReport(opens) {
    return api("GET", "/reports/" + encodeURIComponent(opens.report_id)).then(function (answer) {
      if (answer.status === 200) reviewing.state = reviewState(answer.body);
      var select = $("review-month");
      if (!select.querySelector('option[value="' + opens.month + '"]')) select.appendChild(el("option", { value: opens.month, text: SY.monthLabel(opens.month) }));
      select.value = opens.month;
      return loadReview();
    }).then(function () {
      O.reveal(document.querySelector('.review-card[data-report="' + opens.report_id + '"]'));
    }, offline);
  }

  O.register("review", reviewView);
})();
