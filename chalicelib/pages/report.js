/* The reporter's page: fill in an activity report, see the unit's reports of a month, correct one,
   file 本月无活动. Everything typed is kept on the device (a draft, an outbox) until the API has it. */
(function () {
  "use strict";
  var $ = SY.$,
    el = SY.el;
  var MAX_SIDE = 1600; // pixels: photos are shrunk on the phone before upload
  var MAX_BYTES = 2 * 1024 * 1024; // what the upload's policy allows
  var COMMON = ["title", "occurred_on", "location", "counterpart", "participants"];
  // A returned report's e-mail links {PUBLIC_URL}/#report=<id>: read before the token leaves the address bar.
  var wanted = wantedReport();
  var token = SY.takeToken("report");
  var me = token ? String(token.split(".")[1]) : ""; // what the phone knows is kept per reporter
  var FORM_VERSION = 5; // of what formFromSchema keeps on the phone
  var form = SY.load("form", null); // the report form, taken from GET /forms/report/schema
  if (form && form.version !== FORM_VERSION) form = null;
  var unit = SY.load("unit." + me, null);
  var agreements = SY.load("agreements." + me, []);
  var plans = SY.load("plans." + me, {}); // year -> the unit's plan tasks (GET /plans/{year})
  var draft = SY.load("draft", null);
  var month = SY.today().slice(0, 7);
  var outbox = new SY.Outbox("reports", send, sent, renderQueue);
  var thumbs = {}; // photo id -> object URL

  function wantedReport() {
    var found = /(?:^#|&)report=([^&]+)/.exec(location.hash);
    return found ? decodeURIComponent(found[1]).toLowerCase() : null;
  }
  function api(method, path, bodyText) {
    return SY.request(method, path, bodyText, token);
  }

  // --- the form, from the JSON Schema ----------------------------------------------------
  function formFromSchema(schema) {
    var first = schema.$defs[schema.oneOf[0].$ref.split("/").pop()];
    var props = first.properties;
    function field(name) {
      var p = props[name];
      var kind = p.format === "date" ? "date" : p.type === "integer" ? "count" : p.maxLength > 200 ? "long" : "text";
      return { name: name, label: p.title, kind: kind, unit: p.unit, max: p.maxLength, required: first.required.indexOf(name) >= 0 };
    }
    return {
      version: FORM_VERSION,
      types: schema["x-activity-types"],
      choices: SY.reportChoices(schema),
      groups: groupsOf(schema),
      common: COMMON.map(field),
      description: field("description"),
      agreement: props.agreement_id.title,
      photos: { label: props.photos.title, max: props.photos.maxItems },
      rules: schema["x-warning-rules"] || [],
    };
  }
  /* The types whose figures may come a line per group (a visit to several kinds of people: metrics.groups):
     the list's title, its most lines, and the names a line holds and requires. */
  function groupsOf(schema) {
    var found = {};
    Object.keys(schema.discriminator.mapping).forEach(function (code) {
      var def = schema.$defs[schema.discriminator.mapping[code].split("/").pop()];
      var p = schema.$defs[def.properties.metrics.$ref.split("/").pop()].properties.groups;
      var list = p && (p.anyOf || [p]).filter(function (a) {
        return a.type === "array";
      })[0];
      if (!list) return;
      var line = schema.$defs[list.items.$ref.split("/").pop()];
      found[code] = { label: p.title, max: list.maxItems, names: Object.keys(line.properties), required: line.required || [] };
    });
    return found;
  }
  function typeOf(code) {
    return (form.types || []).filter(function (t) {
      return t.code === code;
    })[0];
  }
  /* The form's fields for a type; with `lines` groups, the figures a line holds are asked for per line
     (metrics.groups.0.target …, named as the API names their errors), each field marked with its line. */
  function fieldsOf(code, lines) {
    var type = typeOf(code);
    if (!type) return [];
    var group = lines ? form.groups[code] : null;
    function metric(prefix, line) {
      var inLine = function (name) {
        return !!group && group.names.indexOf(name) >= 0;
      };
      var choices = (form.choices[code] || []).filter(function (c) {
        return inLine(c.name) === (line !== undefined);
      }).map(function (c) {
        var kind = c.options ? "select" : "text";
        var required = line === undefined ? c.required : group.required.indexOf(c.name) >= 0;
        return { name: prefix + c.name, label: c.label, kind: kind, options: c.options, max: c.max, required: required, line: line };
      });
      return choices.concat(type.figures.filter(function (f) {
        return inLine(f.code) === (line !== undefined);
      }).map(function (f) {
        return { name: prefix + f.code, label: f.label, kind: f.kind, unit: f.unit, line: line };
      }));
    }
    var fields = form.common.concat(metric("metrics."));
    for (var i = 0; i < (group ? lines : 0); i++) fields = fields.concat(metric("metrics.groups." + i + ".", i));
    return fields.concat([form.description]);
  }
  function linesOf(code) {
    return form.groups && form.groups[code] ? draft.groups || 0 : 0;
  }

  function input(f, value) {
    var id = "f-" + f.name.replace(/\./g, "-");
    var attrs = { id: id, "data-name": f.name, value: value || "" };
    var control;
    if (f.kind === "select") {
      control = el(
        "select",
        attrs,
        [el("option", { value: "", text: "请选择" })].concat(
          f.options.map(function (o) {
            return el("option", { value: o[0], text: o[1], selected: o[0] === value });
          })
        )
      );
    } else if (f.kind === "long") {
      control = el("textarea", { id: id, "data-name": f.name, maxlength: f.max, rows: 4, value: value || "" });
    } else if (f.kind === "date") {
      attrs.type = "date";
      attrs.max = SY.today();
      attrs.min = "2000-01-01";
      control = el("input", attrs);
    } else {
      attrs.type = "text";
      if (f.kind === "count") {
        attrs.inputmode = "numeric";
        attrs.pattern = "[0-9]*";
      } else if (f.kind === "money") {
        attrs.inputmode = "decimal";
      } else {
        attrs.maxlength = f.max;
      }
      control = el("input", attrs);
    }
    var label = el("label", { for: id }, [f.label, f.required ? el("span", { class: "req", text: " *" }) : null]);
    var box = f.unit ? el("div", { class: "with-unit" }, [control, el("span", { class: "unit", text: f.unit })]) : control;
    return el("div", { class: "field", "data-field": f.name }, [label, box, el("p", { class: "err", hidden: true })]);
  }

  function renderTypes() {
    var select = $("f-activity_type");
    SY.clear(select).appendChild(el("option", { value: "", text: "请选择活动类型" }));
    form.types.forEach(function (t) {
      select.appendChild(el("option", { value: t.code, text: t.label }));
    });
    select.value = (draft && draft.activity_type) || "";
  }

  function renderForm() {
    var code = draft.activity_type;
    $("f-activity_type").value = code || "";
    var box = SY.clear($("fields"));
    var lines = null; // the groups' fieldset, once its first line is drawn
    fieldsOf(code, linesOf(code)).forEach(function (f) {
      if (f === form.description && form.groups && form.groups[code]) box.appendChild(lines || groupsSwitch(code));
      if (f.line === undefined) return box.appendChild(input(f, draft.values[f.name]));
      lines = lines || groupsBox(code);
      var line = lines.querySelector('[data-field="metrics.groups.' + f.line + '"]') || groupLine(lines, f.line);
      line.appendChild(input(f, draft.values[f.name])).classList.add(f.kind === "select" ? "wide" : "half");
    });
    if (code && agreements.length) {
      box.appendChild(
        input(
          {
            name: "agreement_id",
            label: form.agreement + "（可不选）",
            kind: "select",
            options: agreements.map(function (a) {
              return [a.agreement_id, a.title];
            }),
          },
          draft.values.agreement_id
        )
      );
    }
    if (code) box.appendChild(el("div", { id: "plan-slot" }));
    if (code) box.appendChild(photoField());
    planField();
    $("submit").hidden = !code;
    $("submit").textContent = draft.editing ? "提交更正" : "提交";
    $("form-warning").hidden = true; // judged again at the next submit
    $("editing").hidden = !draft.editing;
    $("editing-title").textContent = draft.editing ? draft.editing.title : "";
    var note = draft.editing && draft.editing.comment;
    $("editing-comment").textContent = note ? "退回意见：" + note : "";
    $("editing-comment").hidden = !note;
    showErrors(draft.errors || []);
  }

  // --- a visit to several groups: a line each (target, households, persons, money), added and removed ----
  function groupsSwitch(code) {
    return el("div", { class: "field" }, [
      el("button", { type: "button", class: "secondary small", id: "groups-on", text: "走访了几类对象？分类逐项填写", onclick: function () {
        collect();
        // What is typed for the one target becomes the first line; a second line waits.
        form.groups[code].names.forEach(function (name) {
          draft.values["metrics.groups.0." + name] = draft.values["metrics." + name] || "";
          delete draft.values["metrics." + name];
        });
        changeLines(2, "metrics.groups.1.target");
      } }),
    ]);
  }
  function groupsBox(code) {
    var group = form.groups[code];
    var lines = linesOf(code);
    return el("fieldset", { class: "groups", "data-field": "metrics.groups" }, [
      el("legend", { text: group.label + "（" + lines + "类，最多" + group.max + "类）" }),
      el("p", { class: "err", hidden: true }),
      el("div", { class: "group-lines" }),
      lines < group.max
        ? el("button", { type: "button", class: "secondary small", id: "group-add", text: "＋ 再加一类对象", onclick: function () {
            collect();
            changeLines(lines + 1, "metrics.groups." + lines + ".target");
          } })
        : null,
    ]);
  }
  function groupLine(lines, i) {
    var line = el("div", { class: "group-line", "data-field": "metrics.groups." + i }, [
      el("div", { class: "group-head" }, [
        el("b", { text: "第" + (i + 1) + "类" }),
        el("button", { type: "button", class: "link danger", text: "删除此类", onclick: function () {
          removeLine(i);
        } }),
      ]),
      el("p", { class: "err", hidden: true }), // the line's own refusal; its fields' are beside them
    ]);
    lines.querySelector(".group-lines").appendChild(line);
    return line;
  }
  /* A line removed: the lines after it move up; with none left the visit has one target again. */
  function removeLine(removed) {
    collect();
    var lines = draft.groups || 0;
    var prefix = "metrics.groups.";
    for (var i = removed; i < lines; i++) {
      form.groups[draft.activity_type].names.forEach(function (name) {
        var next = draft.values[prefix + (i + 1) + "." + name];
        if (i + 1 < lines) draft.values[prefix + i + "." + name] = next;
        else delete draft.values[prefix + i + "." + name];
      });
    }
    changeLines(lines - 1, null);
  }
  function changeLines(count, focus) {
    draft.groups = count;
    draft.errors = [];
    keepDraft();
    renderForm();
    var target = focus && document.querySelector('[data-name="' + focus + '"]');
    if (target) target.focus();
  }

  // --- the year's plan: the unit's tasks expecting this type (or any type) ---------------------
  function planYear() {
    return String(draft.values.occurred_on || SY.today()).slice(0, 4);
  }
  function planField() {
    var slot = $("plan-slot");
    if (!slot) return;
    var year = planYear();
    var tasks = plans[year];
    if (!tasks) loadPlan(year);
    var code = draft.activity_type;
    var chosen = draft.values.plan_task_id || "";
    var options = (tasks || [])
      .filter(function (t) {
        return !t.activity_types.length || t.activity_types.indexOf(code) >= 0;
      })
      .map(function (t) {
        return [t.task_id, t.heading + "：" + t.title];
      });
    if (!tasks && chosen) options.push([chosen, "（原关联任务）"]); // the plan not read yet: the link stays
    if (!options.some(function (o) {
      return o[0] === chosen;
    })) chosen = draft.values.plan_task_id = "";
    SY.clear(slot);
    if (options.length) slot.appendChild(input({ name: "plan_task_id", label: "所属工作计划任务（可不选）", kind: "select", options: options }, chosen));
  }
  var loading = {};
  function loadPlan(year) {
    if (loading[year]) return;
    loading[year] = true;
    api("GET", "/plans/" + year).then(
      function (answer) {
        loading[year] = false;
        if (answer.status !== 200) return;
        plans[year] = answer.body.tasks.map(function (t) {
          return { task_id: t.task_id, heading: t.heading, title: t.title, activity_types: t.activity_types };
        });
        SY.save("plans." + me, plans);
        if (draft && planYear() === year) {
          collect();
          planField();
          showErrors(draft.errors || []);
        }
      },
      function () {
        loading[year] = false;
      }
    );
  }

  // --- photos: resized on the phone, kept on the device, uploaded when the report is sent ----
  function photoField() {
    var list = el("div", { class: "photos", id: "photo-list" });
    draft.photos.forEach(function (photo, index) {
      var tile = photo.id
        ? el("img", { class: "thumb", alt: "照片" + (index + 1), "data-photo": photo.id, src: thumbUrl(photo.id) })
        : el("span", { class: "thumb uploaded", text: "已上传" });
      var remove = el("button", { type: "button", class: "remove", "aria-label": "删除照片", text: "×", onclick: function () {
        draft.photos.splice(index, 1);
        if (photo.id) SY.blobs.del(photo.id);
        keepDraft();
        renderForm();
      } });
      list.appendChild(el("div", { class: "tile" }, [tile, remove]));
    });
    var picker = el("input", { type: "file", accept: "image/*", multiple: true, hidden: true, id: "photo-input", onchange: addPhotos });
    var add = el("button", { type: "button", class: "secondary small", text: "＋ 拍照或选择照片", onclick: function () {
      picker.click();
    } });
    var label = form.photos.label + "（最多" + form.photos.max + "张，可不传）";
    return el("div", { class: "field", "data-field": "photos" }, [
      el("span", { class: "label", text: label }),
      list,
      draft.photos.length < form.photos.max ? add : null,
      picker,
      el("p", { class: "err", hidden: true }),
    ]);
  }
  function thumbUrl(id) {
    if (!(id in thumbs)) {
      thumbs[id] = "";
      SY.blobs.get(id).then(function (blob) {
        if (!blob) return;
        thumbs[id] = URL.createObjectURL(blob);
        var img = document.querySelector('img[data-photo="' + id + '"]');
        if (img) img.src = thumbs[id];
      });
    }
    return thumbs[id] || undefined;
  }
  function addPhotos(event) {
    var files = Array.prototype.slice.call(event.target.files || [], 0, form.photos.max - draft.photos.length);
    SY.toast("正在处理照片…");
    files
      .reduce(function (done, file) {
        return done.then(function () {
          return SY.resizePhoto(file, MAX_SIDE, 0.8)
            .then(function (blob) {
              // A photo the bucket would refuse (over 2 MB) is shrunk once more.
              return blob.size < MAX_BYTES ? blob : SY.resizePhoto(file, MAX_SIDE * 0.75, 0.6);
            })
            .then(function (blob) {
              var id = SY.uuid();
              thumbs[id] = URL.createObjectURL(blob);
              draft.photos.push({ id: id });
              return SY.blobs.put(id, blob);
            });
        });
      }, Promise.resolve())
      .then(
        function () {
          SY.toast("");
          keepDraft();
          renderForm();
        },
        function () {
          SY.toast("有照片无法读取，请换一张");
          renderForm();
        }
      );
  }

  // --- the draft: whatever is on the form, kept as it is typed --------------------------------
  function newDraft(code) {
    var values = { occurred_on: SY.today() };
    return { id: SY.uuid(), activity_type: code || "", values: values, groups: 0, photos: [], editing: null, errors: [] };
  }
  function collect() {
    draft.activity_type = $("f-activity_type").value;
    Array.prototype.forEach.call(document.querySelectorAll("#fields [data-name]"), function (node) {
      draft.values[node.getAttribute("data-name")] = node.value;
    });
  }
  function keepDraft() {
    SY.save("draft", draft);
  }

  // --- checking on the device, as the server does; the server's verdict is shown the same way ----
  function check() {
    var errors = [];
    var v = draft.values;
    var today = SY.today();
    if (!typeOf(draft.activity_type)) errors.push({ field: "activity_type", message: "必填项：请选择活动类型" });
    fieldsOf(draft.activity_type, linesOf(draft.activity_type)).forEach(function (f) {
      var raw = (v[f.name] || "").trim();
      var text = SY.digits(raw);
      if (!raw) {
        if (f.required) errors.push({ field: f.name, message: "必填项，请填写" });
      } else if (f.kind === "count" && !SY.COUNT.test(text)) {
        errors.push({ field: f.name, message: "应填写整数" });
      } else if (f.kind === "money" && !SY.MONEY.test(text)) {
        var fen = /^\d+\.\d{3,}$/.test(text);
        errors.push({ field: f.name, message: fen ? "金额最多保留两位小数（到分）" : "应填写金额数字（单位：元）" });
      } else if (f.kind === "date" && raw > today) {
        errors.push({ field: f.name, message: "活动日期不能晚于今天" });
      } else if (f.kind === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
        errors.push({ field: f.name, message: "日期应写成年-月-日，如 2026-08-01" });
      }
    });
    return errors;
  }
  /* The warning rules served with the form (reports/warnings.py), judged here as the server judges them: on the
     metrics, or on each group's line. A warning never stops a report: it asks the reporter to check first. */
  function warningsOf() {
    var lines = linesOf(draft.activity_type);
    var prefixes = lines ? [] : ["metrics."];
    for (var i = 0; i < lines; i++) prefixes.push("metrics.groups." + i + ".");
    var found = [];
    form.rules.forEach(function (rule) {
      if (rule.activity_type && rule.activity_type !== draft.activity_type) return;
      prefixes.forEach(function (prefix) {
        var figure = function (name) {
          var n = Number(SY.digits(draft.values[prefix + name]));
          return isNaN(n) ? 0 : n;
        };
        var holds = rule.when.every(function (c) {
          var left = figure(c.figure);
          var right = c.other ? figure(c.other) : c.value;
          return c.op === "<" ? left < right : c.op === ">" ? left > right : left === right;
        });
        if (!holds) return;
        found.push({
          field: prefix + rule.field.replace(/^metrics\./, ""),
          message: rule.message.replace(/\{(\w+)\}/g, function (_, name) {
            return String(figure(name));
          }),
        });
      });
    });
    return found;
  }
  /* Once per report as typed: the warnings, and the button that sends it as it is. */
  function warnedFirst() {
    var found = warningsOf();
    var box = SY.clear($("form-warning"));
    box.hidden = !found.length;
    if (!found.length) return false;
    var typed = JSON.stringify([draft.activity_type, draft.values, linesOf(draft.activity_type)]);
    box.appendChild(el("b", { text: "请核对以下数字，核对无误可再次点击提交：" }));
    box.appendChild(el("ul", {}, found.map(function (w) {
      return el("li", { "data-warning": w.field, text: w.message });
    })));
    if (draft.warned === typed) return false;
    draft.warned = typed;
    keepDraft();
    $("submit").textContent = "核对无误，仍然提交";
    if (box.scrollIntoView) box.scrollIntoView({ block: "center" });
    return true;
  }
  function showErrors(errors) {
    var shown = SY.markErrors($("form"), errors, function (field) {
      // photos.0 beside the photos, metrics.groups.2.funds_yuan beside its input, metrics.groups.2 on its line
      var parts = String(field).split(".");
      while (parts.length > 1 && !$("form").querySelector('[data-field="' + parts.join(".") + '"]')) parts.pop();
      return parts.join(".");
    });
    var top = $("form-error");
    top.textContent = shown.general.join("；");
    top.hidden = !shown.general.length;
    if (shown.first && shown.first.scrollIntoView) shown.first.scrollIntoView({ block: "center" });
  }

  // --- sending: every submission goes through the outbox --------------------------------------
  function reportBody(entry) {
    var v = entry.values;
    var type = typeOf(entry.activity_type);
    // The metrics as the form asks for them: metrics.households, or metrics.groups.1.persons into the second line.
    var lines = form.groups[type.code] ? entry.groups || 0 : 0;
    var metrics = lines ? { groups: [] } : {};
    for (var i = 0; i < lines; i++) metrics.groups.push({});
    fieldsOf(type.code, lines).forEach(function (f) {
      if (f.name.indexOf("metrics.") !== 0) return;
      var into = f.line === undefined ? metrics : metrics.groups[f.line];
      var name = f.name.split(".").pop();
      var raw = v[f.name] || "";
      var number = f.kind === "count" || f.kind === "money" ? SY.digits(raw) : null;
      if (number) into[name] = SY.exact(SY.numberText(number));
      else if (number === null && raw.trim()) into[name] = f.kind === "select" ? raw : raw.trim();
    });
    var body = entry.editing ? { version: entry.editing.version } : { submission_id: entry.id };
    body.activity_type = type.code;
    body.title = (v.title || "").trim();
    body.occurred_on = v.occurred_on;
    body.location = (v.location || "").trim();
    body.counterpart = (v.counterpart || "").trim();
    body.participants = SY.exact(SY.numberText(SY.digits(v.participants)));
    body.description = (v.description || "").trim();
    body.metrics = metrics;
    body.photos = entry.photos.map(function (p) {
      return p.key;
    });
    if (v.agreement_id) body.agreement_id = v.agreement_id;
    if (v.plan_task_id) body.plan_task_id = v.plan_task_id;
    else if (entry.editing) body.plan_task_id = null; // corrected to no task
    return SY.json(body);
  }

  function uploadPhotos(entry) {
    var pending = entry.photos.filter(function (p) {
      return !p.key;
    });
    return pending.reduce(function (done, photo, index) {
      return done.then(function (failed) {
        if (failed) return failed;
        outbox.update(entry.id, { progress: "正在上传照片 " + (index + 1) + "/" + pending.length });
        return uploadPhoto(entry, photo);
      });
    }, Promise.resolve(null));
  }
  function uploadPhoto(entry, photo) {
    return SY.blobs.get(photo.id).then(function (blob) {
      if (!blob) return { status: 400, body: { message: "照片已从手机上丢失，请修改报告重新选择照片" } };
      return api("POST", "/photos/uploads", "{}").then(function (answer) {
        if (answer.status !== 201) return answer;
        var data = new FormData();
        Object.keys(answer.body.fields).forEach(function (k) {
          data.append(k, answer.body.fields[k]);
        });
        data.append("file", blob, "photo.jpg");
        return fetch(answer.body.url, { method: "POST", body: data, credentials: "omit", referrerPolicy: "no-referrer" }).then(
          function (stored) {
            if (!stored.ok) {
              var status = SY.transient(stored.status) ? stored.status : 400;
              return { status: status, body: { message: "照片上传失败（" + stored.status + "），请修改报告重新选择照片" } };
            }
            var current = outbox.find(entry.id);
            outbox.update(entry.id, {
              photos: current.photos.map(function (p) {
                return p.id === photo.id ? { id: p.id, key: answer.body.key } : p;
              }),
            });
            return null;
          },
          function () {
            throw { offline: true };
          }
        );
      });
    });
  }

  function send(entry) {
    if (entry.unit_id && unit && entry.unit_id !== unit.unit_id) {
      return Promise.resolve({ status: 403, body: { message: "这份报告是用另一个单位的填报链接填写的，不能用当前链接发送" } });
    }
    if (entry.kind === "nil") {
      var path = "/units/" + encodeURIComponent(entry.unit_id) + "/months/" + entry.month + "/nil-report";
      return api("PUT", path, SY.json({ note: "本月无活动" }));
    }
    return uploadPhotos(entry).then(function (failed) {
      if (failed) return failed;
      // The body is written once, so a retry sends the very same content with the same id.
      var current = outbox.find(entry.id);
      var text = current.body || reportBody(current);
      if (!current.body) outbox.update(entry.id, { body: text });
      if (current.editing) return api("PUT", "/reports/" + encodeURIComponent(current.editing.report_id), text);
      return api("POST", "/reports", text);
    });
  }

  function sent(entry, answer) {
    var m = answer.month;
    sentCount += 1;
    var cached = SY.load("month." + me + "." + m, null);
    if (cached) {
      if (entry.kind === "nil") cached.nil = answer;
      else {
        cached.reports = cached.reports.filter(function (r) {
          return r.report_id !== answer.report_id;
        });
        cached.reports.unshift(answer);
      }
      SY.save("month." + me + "." + m, cached);
    }
    (entry.photos || []).forEach(function (p) {
      if (p.id) SY.blobs.del(p.id);
    });
    SY.toast(entry.kind === "nil" ? "已提交：" + SY.monthLabel(m) + "无活动" : "已提交：" + entry.label);
    if (m === month && !$("view-list").hidden) renderList();
  }

  function submit(event) {
    event.preventDefault();
    collect();
    var errors = check();
    showErrors(errors);
    if (errors.length || warnedFirst()) return;
    var button = $("submit");
    button.disabled = true;
    var entry = {
      id: draft.id,
      unit_id: unit ? unit.unit_id : null,
      label: draft.values.title.trim(),
      month: draft.values.occurred_on.slice(0, 7),
      activity_type: draft.activity_type,
      values: draft.values,
      groups: linesOf(draft.activity_type),
      photos: draft.photos,
      editing: draft.editing,
      state: "waiting",
    };
    outbox.put(entry);
    flush().then(function () {
      button.disabled = false;
      var after = outbox.find(entry.id);
      if (after && after.state === "rejected") {
        // Refused while still on screen: the form keeps it, with each reason beside its field.
        outbox.remove(entry.id);
        draft.photos = after.photos;
        draft.errors = after.errors || [];
        keepDraft();
        if (draft.errors.some(function (e) {
          return e.field === "plan_task_id";
        })) loadPlan(planYear()); // the plan changed since it was read
        showErrors(after.errors && after.errors.length ? after.errors : [{ field: "body", message: after.error }]);
        return;
      }
      draft = newDraft(draft.activity_type);
      keepDraft();
      renderForm();
      if (after) SY.toast("网络不通：报告已存在手机上，联网后自动发送");
      month = entry.month;
      showList();
    });
  }

  function flush() {
    return outbox.flush().then(renderQueue);
  }

  // --- the unit's month: reports, 本月无活动, the queue ----------------------------------------
  var sentCount = 0; // a month read while a report was being sent may miss it: read again

  function loadMonth() {
    if (!unit) return Promise.resolve();
    var m = month;
    var seen = sentCount;
    var reports = [];
    function page(next) {
      var path = "/reports?month=" + m + "&limit=100" + (next ? "&next_token=" + encodeURIComponent(next) : "");
      return api("GET", path).then(function (answer) {
        if (answer.status !== 200) throw answer;
        reports = reports.concat(answer.body.items);
        return answer.body.next_token ? page(answer.body.next_token) : null;
      });
    }
    // The month's status carries the unit's 本月无活动, if any: nothing is asked for that is not there.
    return Promise.all([page(null), api("GET", "/months/" + m)])
      .then(function (answers) {
        if (seen !== sentCount) return loadMonth();
        var status = answers[1].body || {};
        SY.save("month." + me + "." + m, {
          reports: reports,
          nil: status.nil_report || null,
          locked: !!status.locked,
          lock_date: status.lock_date,
          deadline: status.deadline,
        });
      })
      .catch(function (failure) {
        if (failure && failure.status === 401) expired();
      })
      .then(function () {
        if (m === month) renderList();
      });
  }

  // --- the county office's review: 待审核 / 已通过 / 退回修改 (a report stored before reviews is pending) ---
  var REVIEW = { pending: "待审核", approved: "已通过", returned: "退回修改" };
  function reviewOf(r) {
    var review = r.review || {};
    return REVIEW[review.state] ? review : { state: "pending" };
  }
  function returned(r) {
    return reviewOf(r).state === "returned";
  }
  function reviewNote(r) {
    var review = reviewOf(r);
    if (review.state !== "returned") return null;
    var who = [review.by_name, SY.dayLabel(review.at ? String(review.at).slice(0, 10) : "")].filter(function (x) {
      return x;
    });
    return el("div", { class: "review-note" }, [
      el("b", { text: "退回意见：" }),
      el("span", { class: "review-comment", text: review.comment || "（无）" }),
      who.length ? el("div", { class: "review-by", text: who.join(" · ") }) : null,
    ]);
  }
  var focusId = null; // the report the page was opened for (#report=<id>), marked in the list
  var scrollPending = false; // its card is scrolled into view once, when first shown

  function badge(text, kind) {
    return el("span", { class: "badge " + kind, text: text });
  }
  function card(title, meta, badges, actions, extra) {
    return el("li", { class: "card" }, [
      el("div", { class: "card-title", text: title }),
      el("div", { class: "card-meta" }, [meta].concat(badges)),
      extra || null,
      actions.length ? el("div", { class: "actions" }, actions) : null,
    ]);
  }
  function typeLabel(code) {
    var t = form && typeOf(code);
    return t ? t.label : code;
  }

  /* A confirmation under a card: `go()` resolves once done; 取消 closes it. */
  function confirming(text, label, go) {
    var box = el("div", { class: "confirm", hidden: true });
    var yes = el("button", { type: "button", class: "primary small", text: label, onclick: function () {
      yes.disabled = true;
      go().then(function () {
        yes.disabled = false;
      });
    } });
    [el("p", { text: text }), el("div", { class: "actions" }, [yes, el("button", { type: "button", class: "link", text: "取消", onclick: function () {
      box.hidden = true;
    } })])].forEach(function (node) {
      box.appendChild(node);
    });
    return box;
  }
  function changeMonth(m, change) {
    var cached = SY.load("month." + me + "." + m, null);
    if (cached) {
      change(cached);
      SY.save("month." + me + "." + m, cached);
    }
    sentCount += 1; // a read under way may predate the change: read again
    if (m === month) renderList();
  }
  function withdrawn(answer, done) {
    if (answer.status === 200 || answer.status === 204 || answer.status === 404) return done();
    if (answer.status === 401) return expired();
    SY.toast((answer.body && answer.body.message) || "撤回失败（" + answer.status + "）");
  }
  function withdraw(r) {
    var m = month;
    return api("DELETE", "/reports/" + encodeURIComponent(r.report_id)).then(function (answer) {
      withdrawn(answer, function () {
        changeMonth(m, function (cached) {
          cached.reports = cached.reports.filter(function (x) {
            return x.report_id !== r.report_id;
          });
        });
        SY.toast("已撤回：" + r.title);
      });
    }, function () {
      SY.toast("网络不通，未能撤回，请联网后再试");
    });
  }
  function withdrawNil() {
    var m = month;
    return api("DELETE", "/units/" + encodeURIComponent(unit.unit_id) + "/months/" + m + "/nil-report").then(function (answer) {
      withdrawn(answer, function () {
        changeMonth(m, function (cached) {
          cached.nil = null;
        });
        SY.toast("已撤回" + SY.monthLabel(m) + "本月无活动");
      });
    }, function () {
      SY.toast("网络不通，未能撤回，请联网后再试");
    });
  }
  /* A report's figures as a clerk checks them: 走访对象：驻军部队 · 走访户数16户 · 慰问金6.2万元. */
  function figures(r) {
    return form ? SY.figures(form.types, form.choices, r) : [];
  }

  function renderList() {
    var data = SY.load("month." + me + "." + month, null);
    var list = SY.clear($("reports"));
    var state = $("month-state");
    var queued = outbox.items().filter(function (e) {
      return e.month === month;
    });
    queued.forEach(function (e) {
      var label = e.kind === "nil" ? "本月无活动" : (e.editing ? "更正：" : "") + e.label;
      var badges =
        e.state === "rejected"
          ? [badge("被退回", "bad")]
          : [badge(e.state === "sending" ? e.progress || "发送中…" : "待发送", "wait")];
      var actions = [];
      if (e.state === "rejected") {
        if (e.kind !== "nil") actions.push(el("button", { type: "button", class: "secondary small", text: "修改", onclick: function () {
          reopen(e);
        } }));
        actions.push(el("button", { type: "button", class: "link", text: "删除", onclick: function () {
          outbox.remove(e.id);
          renderList();
        } }));
      }
      var reason = e.error ? el("div", { class: e.state === "rejected" ? "err" : "hint", text: e.error }) : null;
      list.appendChild(card(label, e.kind === "nil" ? "" : typeLabel(e.activity_type) + " · " + SY.dayLabel(e.values.occurred_on), badges, actions, reason));
    });
    if (!data) {
      state.textContent = navigator.onLine ? "正在读取…" : "离线：联网后显示本月已提交的报告";
      $("nil").hidden = true;
      return;
    }
    state.textContent = data.locked
      ? "该月已锁定，如需补报或修改请联系县双拥办"
      : data.deadline
        ? "报送截止：" + SY.dayLabel(data.deadline) + "（逾期为迟报）"
        : "";
    // Returned reports come first: the unit has to correct them.
    var ordered = data.reports.filter(returned).concat(data.reports.filter(function (r) {
      return !returned(r);
    }));
    var focused = null;
    ordered.forEach(function (r) {
      var review = reviewOf(r);
      var badges = [badge("已提交", "ok"), badge(REVIEW[review.state], "rv-" + review.state)];
      if (r.late) badges.push(badge("迟报", "late"));
      var confirmBox = confirming("撤回后这份报告不再计入本单位" + SY.monthLabel(month) + "的报送，也不再计入汇总。确认撤回“" + r.title + "”？", "确认撤回", function () {
        return withdraw(r);
      });
      // A locked month takes no change, except the correction the office asked for (a returned report).
      var actions = [];
      if (!data.locked || returned(r)) {
        actions.push(el("button", { type: "button", class: "secondary small", text: "更正", onclick: function () {
          edit(r);
        } }));
      }
      if (!data.locked) {
        actions.push(el("button", { type: "button", class: "link danger", text: "撤回", onclick: function () {
          confirmBox.hidden = false;
        } }));
      }
      var meta = typeLabel(r.activity_type) + " · " + SY.dayLabel(r.occurred_on) + (r.photos && r.photos.length ? " · 照片" + r.photos.length + "张" : "");
      var shown = figures(r);
      var lockedNote = data.locked && returned(r) ? el("div", { class: "hint", text: "该月已锁定，仍可按退回意见更正本报告" }) : null;
      var extra = el("div", {}, [shown.length ? el("div", { class: "figures", text: shown.join(" · ") }) : null, reviewNote(r), lockedNote, confirmBox]);
      var item = card(r.title, meta, badges, actions, extra);
      item.setAttribute("data-report", r.report_id);
      if (returned(r)) item.classList.add("returned");
      if (r.report_id === focusId) {
        item.classList.add("focus");
        focused = item;
      }
      list.appendChild(item);
    });
    renderNil(data, queued);
    if (focused && scrollPending) {
      scrollPending = false;
      if (focused.scrollIntoView) focused.scrollIntoView({ block: "center" });
    }
  }

  function renderNil(data, queued) {
    var box = SY.clear($("nil"));
    box.hidden = false;
    if (data.nil) {
      var late = data.nil.late ? "（迟报）" : "";
      var undo = confirming("撤回后，本单位" + SY.monthLabel(month) + "算作未报送，可以再填报活动。确认撤回本月无活动？", "确认撤回", withdrawNil);
      box.appendChild(el("div", { class: "card", id: "nil-filed" }, [
        el("div", {}, [badge("已提交", "ok"), " " + SY.monthLabel(month) + "本月无活动" + late]),
        data.locked ? null : el("div", { class: "actions" }, [el("button", { type: "button", class: "link danger", id: "nil-withdraw", text: "撤回本月无活动", onclick: function () {
          undo.hidden = false;
        } })]),
        undo,
      ]));
      return;
    }
    if (data.reports.length || queued.length) {
      box.hidden = true;
      return;
    }
    if (data.locked) {
      box.appendChild(el("p", { class: "hint", text: "该月没有报告。" }));
      return;
    }
    var confirmBox = el("div", { class: "confirm", hidden: true }, [
      el("p", { text: "确认" + SY.monthLabel(month) + "本单位没有双拥活动？" }),
      el("button", { type: "button", class: "primary", id: "nil-confirm", text: "确认提交本月无活动", onclick: fileNil }),
      el("button", { type: "button", class: "link", id: "nil-cancel", text: "取消，本月有活动", onclick: function () {
        confirmBox.hidden = true;
        $("nil-button").hidden = false;
      } }),
    ]);
    box.appendChild(el("p", { class: "hint", text: SY.monthLabel(month) + "还没有报告。如本月确无活动，请填报“本月无活动”。" }));
    box.appendChild(el("button", { type: "button", class: "secondary", id: "nil-button", text: "本月无活动", onclick: function () {
      confirmBox.hidden = false;
      this.hidden = true;
    } }));
    box.appendChild(confirmBox);
  }

  function fileNil() {
    outbox.put({ id: SY.uuid(), kind: "nil", unit_id: unit.unit_id, month: month, label: "本月无活动", state: "waiting" });
    renderList();
    flush();
  }

  function edit(report) {
    var values = {};
    COMMON.concat(["description"]).forEach(function (name) {
      values[name] = report[name] === undefined || report[name] === null ? "" : String(report[name]);
    });
    var metrics = report.metrics || {};
    var groups = metrics.groups || [];
    Object.keys(metrics).forEach(function (k) {
      if (k !== "groups") values["metrics." + k] = String(metrics[k]);
    });
    groups.forEach(function (g, i) {
      Object.keys(g).forEach(function (k) {
        values["metrics.groups." + i + "." + k] = String(g[k]);
      });
    });
    if (report.agreement_id) values.agreement_id = report.agreement_id;
    if (report.plan_task_id) values.plan_task_id = report.plan_task_id;
    draft = {
      id: SY.uuid(),
      activity_type: report.activity_type,
      values: values,
      groups: groups.length,
      photos: (report.photos || []).map(function (key) {
        return { key: key };
      }),
      editing: { report_id: report.report_id, version: report.version, title: report.title, comment: returned(report) ? reviewOf(report).comment : "" },
      errors: [],
    };
    keepDraft();
    showForm();
  }

  function reopen(entry) {
    draft = {
      id: entry.id,
      activity_type: entry.activity_type,
      values: entry.values,
      groups: entry.groups || 0,
      photos: entry.photos,
      editing: entry.editing,
      errors: entry.errors && entry.errors.length ? entry.errors : [{ field: "body", message: entry.error }],
    };
    keepDraft();
    showForm();
  }

  function renderQueue() {
    var waiting = outbox.items().length;
    $("pending").textContent = String(waiting);
    $("pending").hidden = !waiting;
    if (!$("view-list").hidden) renderList();
  }

  // --- the year-end collections (材料收集): what the office asks of the unit, its drafts, its final files ------
  var FINAL_TYPES = {
    pdf: "application/pdf",
    docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    doc: "application/msword",
    wps: "application/vnd.ms-works",
  };
  var MAX_FINAL_BYTES = 20 * 1024 * 1024; // as the API and the upload's policy allow
  var COLOURS = { waiting: "wait", submitted: "ok", returned: "bad", accepted: "ok" }; // a state's words are the API's (state_label)
  var OFFLINE = "网络不通，请联网后再试";
  var collections = SY.load("collections." + me, []); // the last list read: shown offline, without its buttons
  var said = {}; // collection id -> what its card last said under it (a refusal, 正在生成…)
  var notes = {}; // year -> the unit's words as last read {version, problems, next_steps}, and whether shown

  function unitPath() {
    return "/units/" + encodeURIComponent(unit.unit_id);
  }
  /* An API answer's refusal (or a lost network) in the API's words. */
  function refusal(failure) {
    if (!failure || failure.offline) return OFFLINE;
    var body = failure.body || {};
    if (body.errors && body.errors.length) return body.errors.map(function (e) {
      return e.message;
    }).join("；");
    return body.message || failure.message || "未能完成（" + failure.status + "），请稍后再试";
  }
  function loadCollections() {
    if (!unit) return;
    api("GET", unitPath() + "/collections").then(function (answer) {
      if (answer.status !== 200) return;
      collections = answer.body.items;
      SY.save("collections." + me, collections);
      renderCollections();
    }, renderCollections);
  }
  function renderCollections() {
    var box = SY.clear($("collections"));
    box.hidden = !collections.length;
    if (!collections.length) return;
    box.appendChild(el("h2", { class: "section-title", text: "材料收集" }));
    if (!navigator.onLine) box.appendChild(el("p", { class: "hint", id: "collections-offline", text: "下载草稿、上传定稿需要联网；联网后再操作。" }));
    box.appendChild(el("ul", { class: "cards" }, collections.map(collectionCard)));
  }
  function collectionCard(c) {
    var online = navigator.onLine;
    var badges = [badge(c.state_label || c.state, COLOURS[c.state] || "wait")];
    if (c.late) badges.push(badge(c.file ? "逾期提交" : "已逾期", "late"));
    var line = el("p", { class: "hint", text: said[c.collection_id] || "" });
    var actions = [];
    if (online && c.kind !== "other") actions.push(el("button", { type: "button", class: "secondary small", text: "下载草稿", onclick: function () {
      downloadDraft(c, this, line);
    } }));
    var picker = el("input", { type: "file", hidden: true, accept: ".doc,.docx,.wps,.pdf," + Object.keys(FINAL_TYPES).map(function (k) {
      return FINAL_TYPES[k];
    }).join(","), onchange: function () {
      if (picker.files[0]) uploadFinal(c, picker.files[0], line);
      picker.value = "";
    } });
    if (online && c.state !== "accepted") actions.push(el("button", { type: "button", class: "primary small", text: c.file ? "重新上传定稿" : "上传定稿", onclick: function () {
      picker.click();
    } }));
    var words = c.kind === "year_summary" ? notesForm(c, online) : null;
    if (words) actions.push(el("button", { type: "button", class: "link", text: "本单位的不足与打算", onclick: function () {
      notes[c.year] = notes[c.year] || {};
      notes[c.year].shown = words.hidden;
      renderCollections();
    } }));
    var extra = el("div", {}, [
      c.state === "returned" && c.comment ? el("div", { class: "review-note" }, [el("b", { text: "退回意见：" }), el("span", { class: "review-comment", text: c.comment })]) : null,
      c.file ? el("p", { class: "hint", text: (c.state === "returned" ? "退回的文件：" : "已交：") + c.file.filename + "（" + SY.dayLabel(c.file.submitted_at.slice(0, 10)) + "）" }) : null,
      picker,
    ]);
    var item = card(c.title, "截止日期：" + SY.dayLabel(c.due_on), badges, actions, extra);
    item.setAttribute("data-collection", c.collection_id);
    if (words) item.appendChild(words);
    item.appendChild(line);
    line.hidden = !line.textContent;
    return item;
  }
  function tell(c, line, text) {
    said[c.collection_id] = text;
    line.textContent = text;
    line.hidden = !text;
  }

  /* The draft this product wrote from the unit's data, followed as a navigation (a short-lived link), never fetched. */
  function downloadDraft(c, button, line) {
    button.disabled = true;
    tell(c, line, "正在生成…");
    var link = c.kind === "year_plan" ? api("POST", unitPath() + "/plans/" + c.year + "/draft").then(function (answer) {
      if (answer.status !== 200) throw answer;
      return answer.body.url;
    }) : yearSummaryLink(c.year);
    link.then(function (url) {
      tell(c, line, "");
      button.disabled = false;
      location.href = url;
    }, function (failure) {
      tell(c, line, refusal(failure));
      button.disabled = false;
    });
  }
  /* The unit's year summary's Word draft: compiled again when none is ready or it is stale, then polled. */
  function yearSummaryLink(year) {
    var path = unitPath() + "/summaries/" + year;
    var polls = 0;
    function read(answer) {
      var s = answer.body || {};
      if (answer.status === 200 && s.status === "ready") return s.downloads.docx.url;
      if (answer.status === 200 && s.status === "failed" && polls) throw { message: "生成失败：" + ((s.failure && s.failure.reason) || "原因不明") };
      if (answer.status === 200 && s.status === "compiling") return poll();
      if (polls) throw answer.status === 200 ? { message: "生成未完成，请稍后再点“下载草稿”" } : answer;
      return api("POST", path).then(function (asked) {
        if (asked.status !== 202) throw asked;
        return poll();
      });
    }
    function poll() {
      if (++polls > 60) throw { message: "生成时间较长，请稍后再点“下载草稿”" };
      return new Promise(function (resolve) {
        setTimeout(resolve, 1000);
      }).then(function () {
        return api("GET", path).then(read);
      });
    }
    return api("GET", path).then(read);
  }

  /* The final file: checked here first with the API's limits and words, posted straight to the bucket, submitted. */
  function uploadFinal(c, file, line) {
    var suffix = (/\.(\w+)$/.exec(file.name) || ["", ""])[1].toLowerCase();
    var known = Object.keys(FINAL_TYPES).filter(function (k) {
      return FINAL_TYPES[k] === file.type;
    });
    var type = FINAL_TYPES[suffix] || (suffix ? "" : known.length && file.type); // the name says its type, else its MIME
    if (!type) return tell(c, line, "只能上传 DOC、DOCX、WPS 或 PDF 文件");
    if (file.size > MAX_FINAL_BYTES) return tell(c, line, "文件不能超过20 MB");
    if (!file.size) return tell(c, line, "文件是空的，请重新选择");
    tell(c, line, "正在上传：" + file.name);
    var asked = { filename: file.name, content_type: type, size: file.size };
    var path = "/collections/" + encodeURIComponent(c.collection_id);
    api("POST", path + "/uploads", SY.json(asked))
      .then(function (answer) {
        if (answer.status !== 201) throw answer;
        var data = new FormData();
        Object.keys(answer.body.fields).forEach(function (k) {
          data.append(k, answer.body.fields[k]);
        });
        data.append("file", file);
        return fetch(answer.body.url, { method: "POST", body: data, credentials: "omit", referrerPolicy: "no-referrer" }).then(function (stored) {
          if (!stored.ok) throw { message: "上传失败（" + stored.status + "），请重新选择文件" };
          return api("PUT", path + "/units/" + encodeURIComponent(unit.unit_id), SY.json({ key: answer.body.key, filename: file.name }));
        }, function () {
          throw { offline: true };
        });
      })
      .then(function (answer) {
        if (answer.status !== 200) throw answer;
        collections = collections.map(function (x) {
          return x.collection_id === c.collection_id ? Object.assign({}, x, answer.body) : x;
        });
        SY.save("collections." + me, collections);
        said[c.collection_id] = "";
        renderCollections();
        SY.toast("已提交：" + file.name);
      })
      .catch(function (failure) {
        tell(c, line, refusal(failure));
      });
  }

  /* The unit's own words in its year summary: what was typed kept on the device until the API has it. */
  var NOTE_FIELDS = [["problems", "存在的不足"], ["next_steps", "下一年工作打算"]];
  function notesForm(c, online) {
    var year = c.year;
    var read = (notes[year] = notes[year] || {});
    var kept = SY.load("notes." + me + "." + year, null);
    var form = el("form", { class: "notes", novalidate: true, "data-notes": year, hidden: !(read.shown || kept) });
    if (!read.text && online) readNotes(year);
    var typed = kept || read.text;
    NOTE_FIELDS.forEach(function (f) {
      var id = "notes-" + year + "-" + f[0];
      var newer = read.newer && read.newer[f[0]] !== (typed && typed[f[0]]) ? "他人保存的内容：" + (read.newer[f[0]] || "（空）") : "";
      form.appendChild(el("div", { class: "field", "data-field": f[0] }, [
        el("label", { for: id, text: f[1] }),
        el("textarea", { id: id, "data-name": f[0], rows: 4, maxlength: 2000, value: (typed && typed[f[0]]) || "", disabled: !typed }),
        newer ? el("p", { class: "hint", text: newer }) : null,
        el("p", { class: "err", hidden: true }),
      ]));
    });
    var general = el("p", { class: "err", hidden: !read.said, text: read.said || "" });
    form.appendChild(general);
    form.appendChild(el("button", { type: "submit", class: "primary small", text: "保存", disabled: !typed }));
    form.appendChild(el("p", { class: "hint", text: "写入本单位" + year + "年度双拥工作总结（草稿）的最后两部分；保存后再下载草稿即可看到。" }));
    function refused(text) {
      general.textContent = text;
      general.hidden = !text;
      form.querySelector("button[type=submit]").disabled = false;
    }
    function typedNow() {
      var now = { version: (typed || {}).version || 0 };
      NOTE_FIELDS.forEach(function (f) {
        now[f[0]] = form.querySelector('[data-name="' + f[0] + '"]').value;
      });
      return now;
    }
    form.addEventListener("input", function () {
      SY.save("notes." + me + "." + year, typedNow());
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var sent = typedNow();
      SY.save("notes." + me + "." + year, sent);
      form.querySelector("button[type=submit]").disabled = true;
      api("PUT", unitPath() + "/summaries/" + year + "/notes", SY.json(sent)).then(function (answer) {
        read.said = "";
        if (answer.status === 200) {
          SY.save("notes." + me + "." + year, null);
          read.text = answer.body;
          read.newer = null;
          read.shown = true;
          SY.toast("已保存");
          return renderCollections();
        }
        if (answer.status === 409) {
          return readNotes(year, refusal(answer)).then(function (redrawn) {
            if (!redrawn) refused(refusal(answer) + "（请稍后再点“保存”）");
          });
        }
        var errors = (answer.body && answer.body.errors) || [];
        refused(SY.markErrors(form, errors, null).general.join("；") || (errors.length ? "" : refusal(answer)));
      }, function () {
        refused("网络不通：已保存在本机，联网后请再点“保存”");
      });
    });
    return form;
  }
  /* The words as stored; after a refused save (409), the newer words are shown beside what was typed, and the next
     save goes over them. Answers whether the section was drawn again with them. */
  function readNotes(year, conflict) {
    var read = notes[year];
    if (read.reading) return Promise.resolve(false);
    read.reading = true;
    return api("GET", unitPath() + "/summaries/" + year + "/notes").then(function (answer) {
      read.reading = false;
      if (answer.status !== 200) return false;
      var stored = { version: answer.body.version, problems: answer.body.problems, next_steps: answer.body.next_steps };
      read.text = read.text || stored;
      if (conflict) {
        var kept = SY.load("notes." + me + "." + year, {});
        SY.save("notes." + me + "." + year, Object.assign(kept, { version: stored.version }));
        read.newer = stored;
        read.said = conflict + "（已保留您填写的内容，再点“保存”即以此为准）";
      }
      renderCollections();
      return true;
    }, function () {
      read.reading = false;
      return false;
    });
  }

  // --- views, the unit, the network ------------------------------------------------------------
  function showForm() {
    $("view-form").hidden = false;
    $("view-list").hidden = true;
    $("tab-form").setAttribute("aria-selected", "true");
    $("tab-list").setAttribute("aria-selected", "false");
    if (form) renderForm();
    window.scrollTo(0, 0);
  }
  function showList() {
    $("view-form").hidden = true;
    $("view-list").hidden = false;
    $("tab-form").setAttribute("aria-selected", "false");
    $("tab-list").setAttribute("aria-selected", "true");
    var select = SY.clear($("month"));
    var m = SY.today().slice(0, 7);
    var listed = false;
    for (var i = 0; i < 3; i++) {
      select.appendChild(el("option", { value: m, text: SY.monthLabel(m) + (i === 0 ? "（本月）" : ""), selected: m === month }));
      listed = listed || m === month;
      m = SY.previousMonth(m);
    }
    if (!listed) select.appendChild(el("option", { value: month, text: SY.monthLabel(month), selected: true })); // an older report's month
    window.scrollTo(0, 0);
    renderList();
    loadMonth();
  }
  /* The page opened for one report (#report=<id>, the link of a return's e-mail): its month's list, its card
     marked and scrolled into view. Read from the API, else from the months kept on the phone. */
  function openReport(id) {
    history.replaceState(null, "", location.pathname + location.search);
    focusId = id;
    scrollPending = true;
    function show(m) {
      if (m) month = m;
      showList();
    }
    function kept() {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i) || "";
        if (key.indexOf("month." + me + ".") < 0) continue;
        var data = SY.load(key.slice(key.indexOf("month.")), null);
        var found = data && (data.reports || []).filter(function (r) {
          return r.report_id === id;
        })[0];
        if (found) return found.month || String(found.occurred_on).slice(0, 7);
      }
      return null;
    }
    return api("GET", "/reports/" + encodeURIComponent(id)).then(
      function (answer) {
        if (answer.status === 401) return expired();
        if (answer.status !== 200) SY.toast("未找到这份报告（可能已撤回）");
        show(answer.status === 200 ? answer.body.month : null);
      },
      function () {
        show(kept());
      }
    );
  }
  function notice(text) {
    var box = $("notice");
    box.textContent = text;
    box.hidden = !text;
  }
  function expired() {
    notice("填报链接已失效（可能已被收回）。请联系县双拥办重新获取链接；未发送的报告仍保存在本机。");
  }
  function showNetwork() {
    $("net").hidden = navigator.onLine;
  }

  function refresh() {
    var loads = [
      api("GET", "/forms/report/schema").then(function (answer) {
        if (answer.status === 401) return expired();
        if (answer.status !== 200) return;
        var first = !form;
        form = formFromSchema(answer.body);
        SY.save("form", form);
        renderTypes();
        if (first && !$("view-form").hidden) renderForm();
      }),
      api("GET", "/units").then(function (answer) {
        if (answer.status !== 200 || !answer.body.items.length) return;
        var first = !unit;
        unit = answer.body.items[0];
        SY.save("unit." + me, unit);
        $("unit").textContent = unit.name;
        if (first && !$("view-list").hidden) loadMonth();
        loadCollections();
      }),
      api("GET", "/agreements?status=active").then(function (answer) {
        if (answer.status !== 200) return;
        agreements = answer.body.items.map(function (a) {
          return { agreement_id: a.agreement_id, title: a.title };
        });
        SY.save("agreements." + me, agreements);
      }),
    ];
    loadPlan(SY.today().slice(0, 4)); // the unit's tasks may have changed since the page last read them
    return Promise.all(loads).catch(function () {});
  }

  function start() {
    if (!token) {
      $("unit").textContent = "";
      notice("请用县双拥办发给您的填报链接（或扫二维码）打开本页。");
      return;
    }
    $("tabs").hidden = false;
    $("view-form").hidden = false;
    $("unit").textContent = unit ? unit.name : "正在读取…";
    if (!draft) draft = newDraft("");
    if (form) renderTypes();
    showForm();
    $("f-activity_type").addEventListener("change", function () {
      collect();
      draft.errors = [];
      keepDraft();
      renderForm();
    });
    $("form").addEventListener("input", function () {
      collect();
      keepDraft();
    });
    $("form").addEventListener("change", function (event) {
      if (event.target.id !== "f-occurred_on") return;
      collect();
      planField();
      keepDraft();
    });
    $("form").addEventListener("submit", submit);
    $("cancel-edit").addEventListener("click", function () {
      draft = newDraft("");
      keepDraft();
      renderForm();
    });
    $("tab-form").addEventListener("click", showForm);
    $("tab-list").addEventListener("click", showList);
    $("new-report").addEventListener("click", showForm);
    $("month").addEventListener("change", function () {
      month = this.value;
      renderList();
      loadMonth();
    });
    window.addEventListener("online", function () {
      showNetwork();
      flush();
      loadMonth();
      loadCollections();
    });
    window.addEventListener("offline", function () {
      showNetwork();
      renderCollections();
    });
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) flush();
    });
    setInterval(function () {
      if (navigator.onLine && outbox.items().some(function (e) {
        return e.state === "waiting";
      })) flush();
    }, 15000);
    showNetwork();
    renderQueue();
    renderCollections();
    window.addEventListener("hashchange", function () {
      var id = wantedReport();
      if (id) openReport(id);
    });
    if (wanted) openReport(wanted);
    refresh().then(flush);
    SY.registerServiceWorker();
  }

  start();
})();
