/* The county office's page, 共建协议: the co-building agreements, those ending soon first; registered and edited
   (what is typed kept on this device until saved); an agreement's detail: tasks, contacts, the signed documents,
   the activities under it. */
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
    field = O.field,
    input = O.input,
    select = O.select,
    values = O.values,
    reportSchema = O.reportSchema,
    reportFormNow = O.reportFormNow,
    typeName = O.typeName;
  // --- agreements, those ending soon first ---------------------------------------------------------
  function loadAgreements() {
    return Promise.all([api("GET", "/agreements"), O.units()]).then(function (answers) {
      if (answers[0].status !== 200) return;
      var items = answers[0].body.items.slice().sort(function (a, b) {
        var x = a.ends_in_days === null ? 1e9 : a.ends_in_days;
        var y = b.ends_in_days === null ? 1e9 : b.ends_in_days;
        return x - y || (a.valid_to < b.valid_to ? 1 : -1);
      });
      var soon = items.filter(O.endingSoon).length;
      $("ending-count").textContent = String(soon);
      $("ending-count").hidden = !soon;
      var within = O.me().ending_soon_days + "天内到期";
      $("ending").textContent = soon ? within + soon + "份（黄色标出，排在最前），请及时续签。" : "没有" + within + "的协议。";
      var list = SY.clear($("agreements"));
      if (!items.length) list.appendChild(el("li", { class: "hint", text: "还没有登记共建协议。" }));
      items.forEach(function (a) {
        list.appendChild(agreementCard(a));
      });
      return items;
    }, offline);
  }
  var AGREEMENT_STATES = { not_yet_in_force: ["未生效", "wait"], active: ["有效", "ok"], expired: ["已到期", "bad"], terminated: ["已终止", "bad"] };
  var endingSoon = O.endingSoon;
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

  /* Its detail: tasks, contacts, signed documents, the activities under it. */
  var opened = null; // the agreement whose detail is shown
  function openAgreement(a) {
    $("agreement-form").hidden = true;
    opened = a;
    return agreementView();
  }

  // --- registering and editing an agreement; what is typed is kept on this device until saved ---------
  var AGREEMENT_DRAFT = "admin.draft.agreement";
  var agreementEditing = null; // {agreement_id, version}
  var AGREEMENT_ROWS = { tasks: 50, contacts: 10 }; // at most, as the API allows
  function agreementFields(v) {
    var box = SY.clear($("agreement-form").querySelector(".fields"));
    var unitOptions = [["", "请选择"]].concat(O.unitsNow().map(function (u) {
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
    O.showErrors(form, [], agreementField);
    form.querySelector(".saved").textContent = note || "";
    $("agreement-form-title").textContent = editing ? "修改共建协议" : "登记共建协议";
    form.hidden = false;
    form.scrollIntoView({ block: "nearest" });
  }
  function agreementDraft() {
    return { values: agreementValues(), editing: agreementEditing };
  }
  function keepAgreement() {
    SY.save(AGREEMENT_DRAFT, agreementDraft());
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
    O.submit(form, { draft: AGREEMENT_DRAFT, fieldOf: agreementField, send: function () {
      return editing ? api("PUT", "/agreements/" + encodeURIComponent(editing.agreement_id), body) : api("POST", "/agreements", body);
    }, done: function (answer) {
      agreementEditing = null;
      form.hidden = true;
      loadAgreements();
      return (editing ? "已修改：" : "已登记：") + answer.body.title;
    } });
  }
  function newAgreement() {
    var draft = SY.load(AGREEMENT_DRAFT, null);
    if (draft && !draft.editing) return showAgreementForm(draft.values, null, "本机有未保存的内容，已恢复");
    showAgreementForm({ signed_on: SY.today(), valid_from: SY.today() }, null);
  }
  function agreementsView() {
    var opens = O.takeOpening("agreements");
    return loadAgreements().then(function (items) {
      var asked = opens && (items || []).filter(function (a) {
        return a.agreement_id === opens.agreement_id;
      })[0];
      if (asked) {
        O.reveal(document.querySelector('#agreements [data-agreement="' + asked.agreement_id + '"]'));
        return openAgreement(asked);
      }
      var draft = SY.load(AGREEMENT_DRAFT, null);
      if (draft && may("write") && $("agreement-form").hidden) showAgreementForm(draft.values, draft.editing, "本机有未保存的修改，已恢复");
    });
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
    var a = opened;
    var box = SY.clear($("agreement-detail"));
    box.hidden = false;
    box.appendChild(el("h2", { text: a.title }));
    box.scrollIntoView({ block: "nearest" });
    return Promise.all([api("GET", agreementPath(a)), api("GET", agreementPath(a) + "/reports"), reportSchema()]).then(function (found) {
      if (found[0].status !== 200) return box.appendChild(el("p", { class: "err", text: failed(found[0]) }));
      drawAgreement(found[0].body, found[1].status === 200 ? found[1].body.items : null);
    }, offline);
  }
  function facts(id, items, empty, line) {
    return el("ul", { class: "facts", id: id }, items.length ? items.map(line) : [el("li", { class: "hint", text: empty })]);
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
    var shown = SY.figures(reportFormNow().types, reportFormNow().choices, r);
    return el("li", { "data-report": r.report_id }, [
      el("strong", { text: r.title }),
      el("div", { class: "card-meta", text: [when(r.occurred_on), typeName(r.activity_type), "参加" + r.participants + "人"].concat(shown).join(" · ") }),
    ]);
  }
  function documentItem(a, d) {
    var confirmBox = O.confirmation("取下“" + d.filename + "”？本协议将不再列出它（文件仍留存备查）。", "确认取下", function () {
      return setDocuments(a, a.documents.filter(function (x) {
        return x.key !== d.key;
      }), "已取下：" + d.filename);
    });
    return el("li", { "data-document": d.key }, [
      el("a", { href: d.url, rel: "noreferrer", text: d.filename }),
      el("span", { class: "hint", text: " " + SY.sizeLabel(d.size) + " " }),
      writeButton("write", "取下", function () {
        confirmBox.ask();
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
        return setDocuments(a, a.documents.concat([{ key: answer.body.key, filename: file.name }]), "已附上：" + file.name).catch(function (answer) {
          refuse(refusal, answer);
        });
      });
    }).catch(offline);
  }
  /* The agreement's files as `documents`: told in a toast once taken; the API's refusal thrown. */
  function setDocuments(a, documents, done) {
    var body = { version: a.version, documents: documents.map(function (d) {
      return { key: d.key, filename: d.filename };
    }) };
    return api("PUT", agreementPath(a) + "/documents", body).then(O.taken()).then(function (answer) {
      SY.toast(done);
      opened = answer.body;
      loadAgreements(); // the cards carry the new version
      return agreementView();
    });
  }

  function agreementsTab() {
    if (!agreementsTab.bound) {
      agreementsTab.bound = true;
      $("new-agreement").addEventListener("click", newAgreement);
      $("agreement-form").addEventListener("submit", submitAgreement);
      O.keep($("agreement-form"), AGREEMENT_DRAFT, agreementDraft);
      $("agreement-cancel").addEventListener("click", function () {
        SY.save(AGREEMENT_DRAFT, null);
        agreementEditing = null;
        $("agreement-form").hidden = true;
      });
    }
    return agreementsView();
  }

  O.register("agreements", agreementsTab);
})();
