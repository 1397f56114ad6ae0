/* The county office's page, 操作记录 (the admin's): a month's audit trail, newest first, by person or record. */
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
    unitName = O.unitName,
    reportSchema = O.reportSchema,
    reportFormNow = O.reportFormNow,
    monthOptions = O.monthOptions;
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
      select.appendChild(el("option", { value: member.staff_id, text: member.name + "（" + O.roleName(member.role) + "）" }));
    });
    select.value = chosen;
  }
  function addActor(item) {
    var select = $("audit-actor");
    if (select.querySelector('option[value="' + (window.CSS && CSS.escape ? CSS.escape(item.actor) : item.actor) + '"]')) return;
    select.appendChild(el("option", { value: item.actor, text: item.actor_name + "（" + O.roleName(item.role) + "）" }));
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
    return reportFormNow().titles[name] || name;
  }
  function auditEntry(item) {
    return el("li", { class: "audit-entry", "data-action": item.action, "data-record": item.record }, [
      el("span", { class: "audit-at", text: beijing(item.at) }),
      el("span", { class: "audit-who" }, [el("b", { text: item.actor_name }), " ", badge(O.roleName(item.role), "late")]),
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
      monthOptions($("audit-month"), 12);
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
    return Promise.all([api("GET", "/staff"), O.units(), reportSchema()]).then(function (found) {
      if (found[0].status === 200) actorOptions(found[0].body.items);
      return loadAudit(false);
    }, offline);
  }

  O.register("audit", auditView);
})();
