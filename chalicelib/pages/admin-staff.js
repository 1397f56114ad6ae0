/* The county office's page, 人员 (the admin's): the office's people, each with a role and a personal link shown
   once as a QR code; revoked after a confirmation. */
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
    select = O.select,
    values = O.values;
  // --- 人员: the county office's people, each with a role and a personal link shown once -------------------
  var STAFF_DRAFT = "admin.draft.staff";
  var staffReady = false;
  function staffFields(v) {
    var box = SY.clear($("staff-form").querySelector(".fields"));
    box.appendChild(el("div", { class: "pair" }, [
      field("name", "姓名", input("name", v.name, { maxlength: 20 })),
      field("role", "角色", select("role", v.role || "reviewer", O.roleOptions())),
    ]));
    box.appendChild(field("emails", "联系邮箱", input("emails", v.emails, { inputmode: "email", autocapitalize: "off", spellcheck: false }), "可不填；多个用逗号分开"));
  }
  function registerStaff(event) {
    event.preventDefault();
    var form = $("staff-form");
    var v = values(form);
    var body = { name: v.name.trim(), role: v.role, emails: v.emails.split(/[,，;；\s]+/).filter(function (e) {
      return e;
    }) };
    O.submit(form, { draft: STAFF_DRAFT, send: function () {
      return api("POST", "/staff", body);
    }, done: function (answer) {
      staffFields({});
      showIssued(answer.body);
      loadStaff();
    } });
  }
  /* The personal link (the token in it) is in this answer only: shown once, as a QR code and a link to copy. */
  function showIssued(issued) {
    var box = SY.clear($("staff-issued"));
    var role = O.roleName(issued.role);
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
    var confirmBox = O.confirmation("注销后，" + member.name + "的个人链接立即失效，不能再打开本页。", "确认注销", function () {
      return api("DELETE", "/staff/" + encodeURIComponent(member.staff_id)).then(O.taken()).then(function () {
        SY.toast("已注销：" + member.name);
        loadStaff();
      });
    });
    var state = member.revoked_at ? badge("已注销 " + when(member.revoked_at.slice(0, 10)), "bad") : badge("有效", "ok");
    return el("li", { class: "card", "data-staff": member.staff_id, "data-state": member.revoked_at ? "revoked" : "active" }, [
      el("div", { class: "card-title" }, [member.name + " ", badge(O.roleName(member.role), "late"), " ", state]),
      el("div", { class: "card-meta", text: (member.emails.join("，") || "未填邮箱") + " · 登记于" + when(member.created_at.slice(0, 10)) }),
      member.revoked_at ? null : el("div", { class: "actions" }, [button("注销", function () {
        confirmBox.ask();
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
      O.keep(form, STAFF_DRAFT);
    }
    var opens = O.takeOpening("staff");
    return loadStaff().then(function () {
      if (opens) O.reveal(document.querySelector('#staff [data-staff="' + opens.staff_id + '"]'));
    });
  }

  O.register("staff", staffView);
})();
