/* The county office's page, 全年一览: the year at a glance (GET /reporting/{year}) as a grid, units down and months
   across, a cell per unit-month in words and colour, the reporting rate of each month and each unit, and three
   small bar charts of the months' reports, participants and visit money, drawn here as inline SVG. A cell opens
   that month in 月度汇总, with the unit's row marked. */
(function () {
  "use strict";
  var $ = SY.$,
    el = SY.el,
    O = SY.office;
  // The SVG namespace as the HTML parser gives it, so that no script names an address (tests/api/test_pages.py).
  var SVG = new DOMParser().parseFromString("<svg></svg>", "text/html").body.firstChild.namespaceURI;
  // Each state's words (the legend's order); the colour comes from its class in admin.css.
  var STATES = [
    ["reported", "已报"],
    ["late", "迟报"],
    ["nil", "无活动"],
    ["returned", "退回"],
    ["missing", "缺报"],
    ["not_due", "未到期"],
    ["not_expected", "不需报"],
  ];
  var WORDS = {};
  STATES.forEach(function (s) {
    WORDS[s[0]] = s[1];
  });
  var FILED = { reported: true, late: true, nil: true }; // counted as reported in the rates
  var UNCOUNTED = { not_due: true, not_expected: true }; // left out of the rates

  /* The share of counted cells filed, as "67%"; "—" when no cell counts. */
  function rate(states) {
    var counted = states.filter(function (s) {
      return !UNCOUNTED[s];
    });
    if (!counted.length) return "—";
    var filed = counted.filter(function (s) {
      return FILED[s];
    }).length;
    return Math.round((100 * filed) / counted.length) + "%";
  }

  function openCell(unitId, month) {
    O.asked = month;
    O.askedUnit = unitId;
    document.querySelector('.tab[data-view="months"]').click();
  }

  function legend() {
    return el("p", { class: "board-legend" }, STATES.map(function (s) {
      return el("span", { class: "cell st-" + s[0], text: s[1] });
    }));
  }

  function grid(answer) {
    var months = answer.months.map(function (m) {
      return m.month;
    });
    var head = el("tr", {}, [el("th", { scope: "col", text: "单位" })].concat(months.map(function (m) {
      return el("th", { scope: "col", text: Number(m.slice(5)) + "月" });
    }), [el("th", { scope: "col", class: "num", text: "报送率" })]));
    var rows = answer.units.map(function (u) {
      var states = months.map(function (m) {
        return u.months[m];
      });
      return el("tr", { "data-unit": u.unit_id }, [el("th", { scope: "row", text: u.name })].concat(months.map(function (m) {
        var state = u.months[m];
        return el("td", {}, [
          el("button", { type: "button", class: "cell st-" + state, "data-month": m, title: u.name + " " + SY.monthLabel(m) + "：" + WORDS[state], text: WORDS[state], onclick: function () {
            openCell(u.unit_id, m);
          } }),
        ]);
      }), [el("td", { class: "num unit-rate", text: rate(states) })]));
    });
    var rates = el("tr", { class: "month-rates" }, [el("th", { scope: "row", text: "报送率" })].concat(months.map(function (m) {
      return el("td", { class: "num", "data-month": m, text: rate(answer.units.map(function (u) {
        return u.months[m];
      })) });
    }), [el("td", {})]));
    return el("div", { class: "board-scroll" }, [
      el("table", { class: "board", id: "board-grid" }, [el("thead", {}, [head]), el("tbody", {}, rows.concat([rates]))]),
    ]);
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text) node.textContent = text;
    return node;
  }
  /* Twelve bars, the tallest the year's largest month; each bar's title says its month and value. */
  function chart(title, rows, valueOf, said) {
    var W = 240,
      H = 100,
      BAR = W / rows.length;
    var values = rows.map(valueOf);
    var top = Math.max.apply(null, values.concat([0]));
    var picture = svg("svg", { viewBox: "0 0 " + W + " " + (H + 14), class: "board-chart", role: "img", "aria-label": title });
    rows.forEach(function (row, i) {
      var h = top ? Math.max(values[i] ? 1 : 0, Math.round((values[i] / top) * H)) : 0;
      var bar = svg("rect", { x: i * BAR + 2, y: H - h, width: BAR - 4, height: h, class: "bar", "data-month": row.month });
      bar.appendChild(svg("title", {}, SY.monthLabel(row.month) + "：" + said(row)));
      picture.appendChild(bar);
      picture.appendChild(svg("text", { x: i * BAR + BAR / 2, y: H + 12, "text-anchor": "middle", class: "axis" }, String(Number(row.month.slice(5)))));
    });
    picture.appendChild(svg("line", { x1: 0, y1: H, x2: W, y2: H, class: "base" }));
    return el("figure", { class: "board-figure" }, [el("figcaption", { text: title }), picture]);
  }
  function charts(months) {
    return el("div", { class: "board-charts" }, [
      chart("报告（份）", months, function (m) {
        return m.reports;
      }, function (m) {
        return m.reports + "份";
      }),
      chart("参加人数（人）", months, function (m) {
        return m.participants;
      }, function (m) {
        return m.participants + "人";
      }),
      chart("走访慰问资金", months, function (m) {
        return Number(m.funds_yuan);
      }, function (m) {
        return SY.money(m.funds_yuan);
      }),
    ]);
  }

  function load() {
    var year = $("board-year").value;
    var box = SY.clear($("board"));
    box.appendChild(el("p", { class: "hint", text: "正在读取…" }));
    return O.api("GET", "/reporting/" + year).then(function (answer) {
      SY.clear(box);
      if (answer.status !== 200) return box.appendChild(el("p", { class: "hint", text: O.failed(answer) }));
      if (!answer.body.units.length) box.appendChild(el("p", { class: "hint", text: "还没有登记成员单位。" }));
      else box.appendChild(grid(answer.body));
      box.appendChild(charts(answer.body.months));
    }, function () {
      SY.clear(box).appendChild(el("p", { class: "hint", text: "网络不通，无法读取全年报送情况" }));
    });
  }

  function boardView() {
    var select = $("board-year");
    if (!select.options.length) {
      var year = Number(SY.today().slice(0, 4));
      [year, year - 1, year - 2].forEach(function (y) {
        select.appendChild(el("option", { value: String(y), text: y + "年" }));
      });
      select.addEventListener("change", load);
      $("board-legend").appendChild(legend());
    }
    return load();
  }

  O.register("board", boardView);
})();
