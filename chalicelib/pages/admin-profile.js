/* The county office's page, 基本情况: the county's facts of a year (GET/PUT /profile/{year}), which open every 情况汇报.
   The fields, their titles and units, the kinds of 优抚对象 and the honours' levels come from the form's schema
   (GET /forms/profile/schema). A save sends only the facts the clerk changed, over the version they were read at:
   another save in between is refused (409) with what was typed kept. Shown read-only to a role that may not save. */
(function () {
  "use strict";
  var $ = SY.$,
    el = SY.el,
    O = SY.office;
  var api = O.api,
    whole = O.whole;

  var COUNTS = ["townships", "subdistricts", "population", "garrisons", "allowance_households"]; // the single numbers
  var schema = null; // {props, kinds: [[code, label]], levels: [[code, label]]}
  var base = null; // the facts as read (a PUT body), to tell what the clerk changed
  var version = 0; // the version read: what a save edits
  var form;

  function key() {
    return "admin.draft.profile-" + $("profile-year").value;
  }
  function loadSchema() {
    if (schema) return Promise.resolve(schema);
    return api("GET", "/forms/profile/schema").then(function (answer) {
      if (answer.status !== 200) throw answer;
      var d = answer.body.$defs;
      var labels = answer.body.properties.beneficiaries.labels;
      var levels = d.PastHonour.properties.level;
      schema = {
        props: answer.body.properties,
        kinds: d.VisitTarget.enum.map(function (code) {
          return [code, labels[code]];
        }),
        honour: d.PastHonour.properties,
        levels: levels.enum.map(function (code) {
          return [code, levels.labels[code]];
        }),
      };
      return schema;
    });
  }

  /* The facts as the form shows them: {townships: "12", …, beneficiaries: {code: {persons, households}}, honours: [...]}. */
  function shownOf(facts) {
    var shown = { beneficiaries: {}, honours: (facts.honours || []).map(function (h) {
      return { year: String(h.year), title: h.title, level: h.level };
    }) };
    COUNTS.forEach(function (name) {
      shown[name] = facts[name] === null || facts[name] === undefined ? "" : String(facts[name]);
    });
    Object.keys(facts.beneficiaries || {}).forEach(function (code) {
      var b = facts.beneficiaries[code];
      shown.beneficiaries[code] = { persons: b.persons === null ? "" : String(b.persons), households: b.households === null ? "" : String(b.households) };
    });
    return shown;
  }
  function read() {
    var shown = { beneficiaries: {}, honours: [] };
    COUNTS.forEach(function (name) {
      shown[name] = form.querySelector('[data-name="' + name + '"]').value;
    });
    Array.prototype.forEach.call(form.querySelectorAll(".kind"), function (row) {
      shown.beneficiaries[row.getAttribute("data-kind")] = O.values(row);
    });
    Array.prototype.forEach.call(form.querySelectorAll(".honour"), function (row) {
      shown.honours.push(O.values(row));
    });
    return shown;
  }
  /* What the form holds, as PUT /profile/{year} takes it: a number typed as a number, anything else as typed, for
     the API to name beside its input. */
  function bodyOf(shown) {
    var body = {};
    COUNTS.forEach(function (name) {
      body[name] = whole(shown[name]);
    });
    var kinds = {};
    Object.keys(shown.beneficiaries).forEach(function (code) {
      var b = { persons: whole(shown.beneficiaries[code].persons), households: whole(shown.beneficiaries[code].households) };
      if (b.persons !== null || b.households !== null) kinds[code] = b;
    });
    body.beneficiaries = Object.keys(kinds).length ? kinds : null;
    body.honours = shown.honours.filter(function (h) {
      return (h.year || "").trim() || (h.title || "").trim();
    }).map(function (h) {
      return { year: whole(h.year), title: h.title.trim(), level: h.level };
    });
    return body;
  }
  /* Only the facts changed since they were read: another person's save of other facts is kept. */
  function changes(shown) {
    var now = bodyOf(shown);
    var sent = { version: version };
    Object.keys(now).forEach(function (name) {
      if (JSON.stringify(now[name]) !== JSON.stringify(base[name])) sent[name] = now[name];
    });
    return sent;
  }

  function count(name, value, attrs) {
    var p = schema.props[name];
    return O.field(name, p.title, O.input(name, value, Object.assign({ id: "p-" + name, inputmode: "numeric" }, attrs || {})), p.description || "", p.unit);
  }
  function render(shown) {
    var box = SY.clear(form.querySelector(".fields"));
    box.appendChild(el("div", { class: "pair" }, [count("townships", shown.townships), count("subdistricts", shown.subdistricts)]));
    box.appendChild(el("div", { class: "pair" }, [count("population", shown.population), count("garrisons", shown.garrisons)]));
    box.appendChild(count("allowance_households", shown.allowance_households));
    var b = schema.props.beneficiaries;
    var kinds = el("div", { class: "field kinds", "data-field": "beneficiaries" }, [
      el("h3", { text: b.title }),
      el("p", { class: "err", hidden: true }),
    ]);
    schema.kinds.forEach(function (pair) {
      var code = pair[0];
      var counted = shown.beneficiaries[code] || {};
      var at = "beneficiaries." + code;
      kinds.appendChild(el("div", { class: "kind pair", "data-kind": code, "data-field": at }, [
        O.field(at + ".persons", pair[1] + "（人数）", O.input("persons", counted.persons, { id: "p-" + code + "-persons", inputmode: "numeric" }), "", "人"),
        O.field(at + ".households", pair[1] + "（户数）", O.input("households", counted.households, { id: "p-" + code + "-households", inputmode: "numeric" }), "", "户"),
      ]));
    });
    box.appendChild(kinds);
    var honours = el("div", { class: "field", "data-field": "honours" }, [el("h3", { text: schema.props.honours.title }), el("p", { class: "err", hidden: true })]);
    shown.honours.forEach(function (h, i) {
      var at = "honours." + i;
      honours.appendChild(el("div", { class: "honour", "data-field": at }, [
        el("p", { class: "err", hidden: true }),
        el("div", { class: "pair" }, [
          O.field(at + ".year", schema.honour.year.title, O.input("year", h.year, { id: "p-honour-" + i + "-year", inputmode: "numeric" })),
          O.field(at + ".level", schema.honour.level.title, O.select("level", h.level, schema.levels)),
        ]),
        O.field(at + ".title", schema.honour.title.title, O.input("title", h.title, { id: "p-honour-" + i + "-title", placeholder: schema.honour.title.description })),
        O.writeButton("write", "删除", function () {
          var all = read();
          all.honours.splice(i, 1);
          render(all);
          keep();
        }, "link danger"),
      ]));
    });
    var add = O.writeButton("write", "＋ 添加荣誉", function () {
      var all = read();
      all.honours.push({ year: "", title: "", level: schema.levels[0][0] });
      render(all);
      keep();
      var years = form.querySelectorAll('.honour [data-name="year"]');
      years[years.length - 1].focus();
    });
    if (add) honours.appendChild(add); // none for a role that may not write
    box.appendChild(honours);
    if (!O.may("write")) {
      Array.prototype.forEach.call(form.querySelectorAll("input, select"), function (control) {
        control.disabled = control.id !== "profile-year"; // the year may be changed, nothing else
      });
    }
  }
  /* What was typed and what it was typed over, kept on this device until the API has taken it. */
  function keep() {
    SY.save(key(), { typed: read(), base: base });
  }
  /* The year's facts as the API keeps them, or what this device kept of an unsaved edit over them. */
  function show(facts) {
    version = facts.version;
    var draft = SY.load(key(), null);
    base = draft ? draft.base : bodyOf(shownOf(facts));
    render(draft ? draft.typed : shownOf(facts));
    O.showErrors(form, []);
    form.querySelector(".saved").textContent = draft ? "本机有未保存的修改，已恢复；保存后生效" : facts.updated_at ? "最近修改：" + O.when(facts.updated_at) : "";
  }
  function load() {
    var year = $("profile-year").value;
    return Promise.all([loadSchema(), api("GET", "/profile/" + year)]).then(function (got) {
      var answer = got[1];
      if ($("profile-year").value !== year) return; // another year was chosen meanwhile
      if (answer.status === 200) return show(answer.body);
      O.showErrors(form, [{ field: "", message: O.failed(answer) }]);
    }, function () {
      O.showErrors(form, [{ field: "", message: "网络不通，无法读取基本情况" }]);
    });
  }

  function setUp() {
    if (form) return;
    form = $("profile-form");
    var select = SY.clear($("profile-year"));
    var year = Number(SY.today().slice(0, 4));
    for (var y = year; y > year - 5; y--) select.appendChild(el("option", { value: String(y), text: y + "年" }));
    select.addEventListener("change", load);
    form.addEventListener("input", function (event) {
      if (event.target.id !== "profile-year") keep();
    });
    form.addEventListener("change", function (event) {
      if (event.target.id !== "profile-year") keep();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!base) return; // the year's facts not read yet: nothing to save over
      keep();
      var year = $("profile-year").value;
      O.submit(form, { draft: key(), send: function () {
        return api("PUT", "/profile/" + year, changes(read()));
      }, done: function (answer) {
        show(answer.body);
        form.querySelector(".saved").textContent = "已保存";
        return "已保存";
      } });
    });
  }

  O.register("profile", function () {
    setUp();
    var opens = O.takeOpening("profile");
    if (opens && $("profile-year").querySelector('option[value="' + opens.year + '"]')) $("profile-year").value = opens.year;
    return load();
  });
})();
