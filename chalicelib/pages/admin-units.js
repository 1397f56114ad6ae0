/* The county office's page, 单位: the member units, registered from the form's JSON Schema or imported from a sheet
   (checked first, then imported, the new links printed as an A4 sheet, one block per unit) and edited; each unit's
   reporters, a reporter issued with its link shown once as a QR code to print, revoked or reissued after a confirmation. */
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
    svgImage = O.svgImage,
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
    var edit = el("div", { class: "edit" });
    return el("li", { class: "card", "data-unit": unit.unit_id }, [
      el("div", { class: "card-title" }, [unit.name, unit.active ? null : badge("不参加填报", "wait")]),
      el("div", { class: "card-meta", text: [unit.unit_id, kinds[unit.kind] || unit.kind, unit.emails.join("，") || "未填联系邮箱"].join(" · ") }),
      may("write") ? el("ul", { class: "reporters" }, [el("li", { class: "hint", text: "正在读取填报员…" })]) : null,
      issue,
      edit,
      el("div", { class: "actions" }, [
        writeButton("write", "＋ 签发填报员", function () {
          issueForm(unit, issue);
        }),
        writeButton("write", "修改", function () {
          if (!unitForm) return SY.toast("正在读取表单，请稍后再试");
          editForm(unit, edit);
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
    var who = r.label || "该填报员";
    function revoke() {
      return api("DELETE", "/reporters/" + encodeURIComponent(r.reporter_id)).then(O.taken());
    }
    var revokeBox = O.confirmation("收回后，" + who + "的链接立即失效，未发送的报告将无法提交。", "确认收回", function () {
      return revoke().then(function () {
        SY.toast("已收回");
        loadReporters(unit, card);
      });
    });
    // A lost or leaked link: the old one revoked, a new one issued under the same label, shown once.
    var reissueBox = O.confirmation("重新签发后，" + who + "的原链接立即失效，并生成新的链接（只显示一次）。", "确认重新签发", function () {
      return revoke().then(function () {
        return issue(unit, r.label, card.querySelector(".issue"));
      });
    });
    var state = r.revoked_at ? badge("已收回 " + when(r.revoked_at.slice(0, 10)), "bad") : badge("有效", "ok");
    return el("li", { class: "reporter", "data-reporter": r.reporter_id }, [
      el("div", { class: "reporter-line" }, [
        el("span", { class: "reporter-name", text: r.label || "填报员" }),
        state,
        el("span", { class: "hint", text: "签发于" + when(r.created_at.slice(0, 10)) }),
        r.revoked_at ? null : writeButton("write", "重新签发", function () {
          revokeBox.hidden = true;
          reissueBox.ask();
        }, "link"),
        r.revoked_at ? null : writeButton("write", "收回", function () {
          reissueBox.hidden = true;
          revokeBox.ask();
        }, "link danger"),
      ]),
      revokeBox,
      reissueBox,
    ]);
  }
  function told(failure) {
    if (failure && failure.offline) offline();
    else if (failure && failure.status) SY.toast(failed(failure));
    else offline();
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
      .catch(told);
  }

  // --- a unit edited: name, kind, e-mails, whether it reports (PUT /units/{unit_id}) ----------------------------
  function editForm(unit, box) {
    var id = "e-" + unit.unit_id + "-";
    var kind = O.select("kind", unit.kind, unitForm.kindOptions);
    var active = el("input", { type: "checkbox", id: id + "active", "data-name": "active", checked: unit.active });
    var form = el("form", { class: "panel", novalidate: true, onsubmit: function (event) {
      event.preventDefault();
      var body = { name: form.querySelector('[data-name="name"]').value.trim(), kind: kind.value, emails: emailList(form.querySelector('[data-name="emails"]').value), active: active.checked };
      O.submit(form, { send: function () {
        return api("PUT", "/units/" + encodeURIComponent(unit.unit_id), body);
      }, done: function (answer) {
        loadUnitsView();
        return "已保存：" + answer.body.name;
      } });
    } }, [
      O.field("name", unitForm.titles.name, O.input("name", unit.name, { id: id + "name", maxlength: unitForm.nameMax })),
      O.field("kind", unitForm.titles.kind, Object.assign(kind, { id: id + "kind" })),
      O.field("emails", unitForm.titles.emails, O.input("emails", unit.emails.join("，"), { id: id + "emails", autocapitalize: "off" }), "用于催报提醒；多个邮箱用逗号分开"),
      el("div", { class: "field", "data-field": "active" }, [
        el("label", { class: "check", for: id + "active" }, [active, " 参加填报"]),
        el("p", { class: "hint", text: "不参加填报的单位不再列入缺报，也不再催报。" }),
        el("p", { class: "err", hidden: true }),
      ]),
      el("div", { class: "err box", hidden: true }),
      el("div", { class: "actions" }, [
        el("button", { type: "submit", class: "primary small", text: "保存" }),
        button("取消", function () {
          SY.clear(box);
        }, "link"),
      ]),
    ]);
    SY.clear(box).appendChild(form);
    form.querySelector("input").focus();
  }

  // --- units in bulk: the sheet checked first (what would be registered), then imported; the links on paper ------
  var COLUMN_NAMES = { name: "单位名称", kind: "单位类型", emails: "联系邮箱", label: "填报员", unit_id: "单位编号", file: "文件" };
  var HOW_TO_OPEN = "用手机扫描二维码（微信“扫一扫”或手机浏览器），或在手机浏览器中输入上面的链接，打开即可填报。" +
    "打开后请收藏该页或添加到主屏幕，下次直接打开。链接即本单位的填报凭证，请勿转给他人；丢失时请联系县双拥办重新签发。";
  function chooseSheet() {
    var file = $("units-file").files[0];
    var out = SY.clear($("units-import"));
    if (!file) return;
    if (!/\.xlsx$/i.test(file.name)) return out.appendChild(el("p", { class: "err", text: "请选择 Excel 文件（.xlsx）" }));
    var reader = new FileReader();
    reader.onload = function () {
      $("units-file").value = "";
      out.appendChild(el("p", { class: "hint", text: "正在检查" + file.name + "…" }));
      importSheet(file.name, String(reader.result).split(",")[1] || "", true);
    };
    reader.readAsDataURL(file);
  }
  function importSheet(name, data, dryRun) {
    var out = $("units-import");
    return api("POST", "/units/import", { file: data, dry_run: dryRun }).then(function (answer) {
      SY.clear(out);
      if (answer.status !== 200) {
        out.appendChild(el("p", { class: "err", text: failed(answer) }));
        var cells = (answer.body && answer.body.errors) || [];
        if (cells.length) out.appendChild(O.refusedCells(cells, COLUMN_NAMES));
      } else if (answer.body.dry_run) {
        out.appendChild(checked(name, data, answer.body));
      } else {
        out.appendChild(linkSheet(answer.body));
        loadUnitsView();
      }
      out.scrollIntoView({ block: "start" });
    }, function () {
      SY.clear(out).appendChild(el("p", { class: "err", text: "网络不通，未能" + (dryRun ? "检查" : "导入") + "。请联网后重新选择文件。" }));
    });
  }
  function existingList(existing) {
    if (!existing.length) return null;
    return el("ul", { class: "existing" }, existing.map(function (u) {
      return el("li", { text: "第" + u.row + "行 " + u.name + "（" + u.unit_id + "）已登记，不再重复登记" });
    }));
  }
  /* What the sheet would register, before anything is stored. */
  function checked(name, data, a) {
    var kinds = unitForm ? unitForm.kinds : {};
    var n = a.created.length;
    return el("div", { class: "panel", id: "units-check" }, [
      el("p", { class: "ok-line", text: name + "检查通过：" + (n ? "将登记" + n + "个单位，每个单位签发一名填报员" : "单位表中的单位都已登记，没有要导入的") + (a.existing.length ? "；" + a.existing.length + "个已登记。" : "。") }),
      n ? el("ul", { class: "to-create" }, a.created.map(function (u) {
        return el("li", { "data-unit": u.unit_id, text: "第" + u.row + "行 " + u.name + "（" + [u.unit_id, kinds[u.kind] || u.kind].concat(u.emails).join(" · ") + "）" });
      })) : null,
      existingList(a.existing),
      el("div", { class: "actions" }, [
        n ? button("确认导入" + n + "个单位", function () {
          this.disabled = true;
          importSheet(name, data, false);
        }, "primary small") : null,
        button(n ? "取消" : "关闭", function () {
          SY.clear($("units-import"));
        }, "link"),
      ]),
    ]);
  }
  /* The new units' links, shown this once: one block per unit (name, reporter, QR code, link, how to open it),
     printed as an A4 sheet to hand out at the county's 双拥 meeting (admin.css, body.print-sheet). */
  function linkSheet(a) {
    var blocks = a.created.map(function (u) {
      var qr = el("div", { class: "block-qr" });
      api("POST", "/qrcodes", { link: u.reporter.link }).then(function (answer) {
        if (answer.status === 200) qr.appendChild(svgImage(answer.body.svg, "二维码：" + u.name));
      }, offline);
      return el("section", { class: "unit-block", "data-unit": u.unit_id }, [
        el("h3", { class: "block-name", text: u.name }),
        el("p", { class: "block-reporter", text: "填报员：" + (u.reporter.label || "本单位填报员") }),
        qr,
        el("p", { class: "block-link", text: u.reporter.link }),
        el("p", { class: "block-how", text: HOW_TO_OPEN }),
      ]);
    });
    document.body.classList.add("print-sheet");
    return el("div", { class: "link-sheet", id: "link-sheet" }, [
      el("p", { class: "ok-line no-print", text: "已登记" + blocks.length + "个单位，各签发一名填报员。链接只显示这一次：请现在打印链接单，或复制链接发给各单位；丢失时在单位卡片上重新签发。" }),
      existingList(a.existing),
      el("div", { class: "actions no-print" }, [
        blocks.length ? button("打印链接单（A4）", function () {
          window.print();
        }, "primary small") : null,
        button("完成", function () {
          document.body.classList.remove("print-sheet");
          SY.clear($("units-import"));
        }, "link"),
      ]),
      el("div", { class: "blocks" }, blocks),
    ]);
  }

  // --- registering a unit, from the form's JSON Schema --------------------------------------------
  function formFromSchema(schema) {
    var p = schema.properties;
    var kindOptions = schema.$defs[p.kind.$ref.split("/").pop()].enum.map(function (k) {
      return [k, p.kind.labels[k] || k];
    });
    return {
      kinds: p.kind.labels,
      kindOptions: kindOptions,
      nameMax: p.name.maxLength,
      titles: { name: p.name.title, kind: p.kind.title, emails: p.emails.title },
      fields: [
        { name: "unit_id", label: p.unit_id.title, hint: p.unit_id.description, pattern: p.unit_id.pattern, required: true },
        { name: "name", label: p.name.title, max: p.name.maxLength, required: true },
        { name: "kind", label: p.kind.title, options: kindOptions, required: true },
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
      body[f.name] = f.email ? emailList(value) : value;
    });
    return body;
  }
  function emailList(typed) {
    return typed.split(/[,，;；\s]+/).filter(function (e) {
      return e;
    });
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
      $("units-file").addEventListener("change", chooseSheet);
      $("units-template").addEventListener("click", function () {
        O.download("/units/template.xlsx");
      });
      O.keep($("unit-form"), UNIT_DRAFT);
    }
    var form = unitForm ? Promise.resolve() : api("GET", "/forms/unit/schema").then(function (answer) {
      if (answer.status !== 200) return;
      unitForm = formFromSchema(answer.body); // the kinds' names too, for every role
      if (may("write")) renderUnitForm();
    }, function () {});
    if ($("link-sheet")) document.body.classList.add("print-sheet");
    var opens = O.takeOpening("units");
    return form.then(loadUnitsView).then(function () {
      if (opens) O.reveal(document.querySelector('#units [data-unit="' + opens.unit_id + '"]'));
    });
  }

  O.register("units", unitsView, function () {
    document.body.classList.remove("print-sheet"); // the sheet is printed from its own tab only
  });
})();
