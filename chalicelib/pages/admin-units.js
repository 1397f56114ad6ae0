/* The county office's page, 单位: the member units, registered from the form's JSON Schema; each unit's reporters,
   a reporter issued with its link shown once as a QR code to print, revoked after a confirmation. */
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
    qrCard = O.qrCard,
    loadUnits = O.loadUnits;
  var unitForm = null; // the unit form, from GET /forms/unit/schema
  // --- units and their reporters ---------------------------------------------------------------
  function loadUnitsView() {
    return loadUnits().then(function (units) {
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
  var UNIT_DRAFT = "admin.draft.unit";
  /* The form, with what was typed and not yet registered (kept on this device). */
  function renderUnitForm() {
    var kept = SY.load(UNIT_DRAFT, {});
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
      control.value = kept[f.name] || "";
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
  function submitUnit(event) {
    event.preventDefault();
    var form = $("unit-form");
    var body = unitBody();
    var errors = checkUnit(body);
    O.showErrors(form, errors);
    if (errors.length) return;
    O.submit(form, { draft: UNIT_DRAFT, send: function () {
      return api("POST", "/units", body);
    }, refused: function (answer) {
      return answer.status === 409 ? [{ field: "unit_id", message: "单位编号已存在，请换一个" }] : O.refusal(answer);
    }, done: function (answer) {
      form.hidden = true;
      form.reset();
      loadUnitsView();
      return "已登记：" + answer.body.name;
    } });
  }

  function unitsView() {
    if (!unitsView.bound) {
      unitsView.bound = true;
      $("new-unit").addEventListener("click", function () {
        if (!unitForm) return SY.toast("正在读取表单，请稍后再试");
        $("unit-form").hidden = false;
        $("u-unit_id").focus();
      });
      $("unit-cancel").addEventListener("click", function () {
        $("unit-form").hidden = true;
      });
      $("unit-form").addEventListener("submit", submitUnit);
      O.keep($("unit-form"), UNIT_DRAFT);
    }
    var form = unitForm ? Promise.resolve() : api("GET", "/forms/unit/schema").then(function (answer) {
      if (answer.status !== 200) return;
      unitForm = formFromSchema(answer.body); // the kinds' names too, for every role
      if (may("write")) renderUnitForm();
    }, function () {});
    return form.then(loadUnitsView);
  }

  O.register("units", unitsView);
})();
