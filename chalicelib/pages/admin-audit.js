/* The county office's page, 操作记录 (the admin's): a month's audit trail, newest first, in the server's words, by
   person, by kind of record or one record; each record opens where it lives on the page. */
(function () {
  "use strict";
  var $ = SY.$,
    el = SY.el,
    O = SY.office;
  var api = O.api,
    failed = O.failed,
    offline = O.offline,
    badge = O.badge,
    when = O.when,
    monthOptions = O.monthOptions;
  // --- 操作记录: a month's audit trail, newest first --------------------------------------------------------
  var audit = { next: null, query: "", asked: 0, record: null }; // asked: the latest request; an older one's answer is dropped
  var auditReady = false;
  /* A recorded moment in Beijing time (China keeps no summer time: UTC+8 all year). */
  function beijing(iso) {
    var t = Date.parse(iso);
    if (isNaN(t)) return iso;
    var local = new Date(t + 8 * 3600 * 1000).toISOString();
    return when(local.slice(0, 10)) + " " + local.slice(11, 19);
  }
  /* A select's options from the month's filters (each with its name), keeping the one chosen if it is still there. */
  function options(select, first, items) {
    var chosen = select.value;
    SY.clear(select).appendChild(el("option", { value: "", text: first }));
    items.forEach(function (item) {
      select.appendChild(el("option", { value: item[0], text: item[1] }));
    });
    select.value = items.some(function (item) {
      return item[0] === chosen;
    }) ? chosen : "";
  }
  function loadFilters() {
    return api("GET", "/audit/filters?month=" + $("audit-month").value).then(function (answer) {
      if (answer.status !== 200) return;
      options($("audit-actor"), "全部人员", answer.body.people.map(function (p) {
        return [p.actor, p.person + "（" + p.role_label + "）"];
      }));
      options($("audit-kind"), "全部类别", answer.body.kinds.map(function (k) {
        return [k.kind, k.label];
      }));
    });
  }
  function auditQuery() {
    var q = "/audit?month=" + $("audit-month").value;
    if ($("audit-actor").value) q += "&actor=" + encodeURIComponent($("audit-actor").value);
    if ($("audit-kind").value) q += "&kind=" + encodeURIComponent($("audit-kind").value);
    if (audit.record) q += "&record=" + encodeURIComponent(audit.record.record);
    return q;
  }
  function auditFields(field) {
    return /^(month|actor|kind)$/.test(field) ? field : "";
  }
  function loadAudit(more) {
    var query = more ? audit.query : auditQuery();
    var path = query + (more ? "&next_token=" + encodeURIComponent(audit.next) : "");
    var mine = (audit.asked += 1);
    $("audit-more").disabled = true;
    $("audit-only").hidden = !audit.record;
    $("audit-only-name").textContent = audit.record ? audit.record.name : "";
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
  /* The record where it lives: its tab, asked to show it (O.takeOpening there; 月度汇总 reads its month as the
     digest's link asks for one). */
  function openRecord(opens) {
    if (opens.view === "months") O.asked = opens.month;
    O.opening = opens;
    document.querySelector('.tab[data-view="' + opens.view + '"]').click();
  }
  function auditEntry(item) {
    var name = item.record_kind_label + " · " + item.record_name;
    var tab = item.opens && document.querySelector('.tab[data-view="' + item.opens.view + '"]');
    var record = tab && !tab.hidden ? el("button", { type: "button", class: "link audit-record", text: name, title: "打开" + name, onclick: function () {
      openRecord(item.opens);
    } }) : el("span", { class: "audit-record", text: name });
    return el("li", { class: "audit-entry", "data-action": item.action, "data-record": item.record }, [
      el("span", { class: "audit-at", text: beijing(item.at) }),
      el("span", { class: "audit-who" }, [el("b", { text: item.person }), " ", badge(item.role_label, "late")]),
      el("span", { class: "audit-what", text: item.action_label }),
      el("span", { class: "audit-on" }, [record, audit.record ? null : el("button", { type: "button", class: "link audit-story", text: "此记录全部操作", onclick: function () {
        audit.record = { record: item.record, name: name };
        loadAudit(false);
      } })]),
      el("span", { class: "audit-fields hint", text: item.field_labels.length ? "改动：" + item.field_labels.join("、") : "" }),
    ]);
  }
  function reload() {
    return loadAudit(false);
  }
  function auditView() {
    if (!auditReady) {
      auditReady = true;
      monthOptions($("audit-month"), 12);
      options($("audit-actor"), "全部人员", []);
      options($("audit-kind"), "全部类别", []);
      $("audit-form").addEventListener("submit", function (event) {
        event.preventDefault();
        reload();
      });
      $("audit-month").addEventListener("change", function () {
        audit.record = null;
        loadFilters().then(reload, offline);
      });
      $("audit-actor").addEventListener("change", reload);
      $("audit-kind").addEventListener("change", reload);
      $("audit-all").addEventListener("click", function () {
        audit.record = null;
        reload();
      });
      $("audit-more").addEventListener("click", function () {
        loadAudit(true);
      });
    }
    return loadFilters().then(reload, offline);
  }

  O.register("audit", auditView);
})();
