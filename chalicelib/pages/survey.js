/* A survey's page, for a respondent without an account: read the questions, answer, submit once.
   It talks to its own survey's address only (its Content-Security-Policy allows nothing else) and
   sends nothing but the answers. What is typed is kept on the phone; a submission waits in an outbox
   with a response_id made here, so that a retry after a network failure is counted once.
   Once the server has taken an answer, the phone keeps a marker (its receipt, under the survey's
   public id): opened again, the page says this phone has answered, and 再填一份 clears the marker. */
(function () {
  "use strict";
  var $ = SY.$;
  var token = location.pathname.split("/").pop();
  var path = "/s/" + token;
  var key = "survey." + token;
  var survey = SY.load(key, null); // the definition last read, so a flaky network can still show it
  var draft = SY.load(key + ".draft", null); // {response_id, values: {question id: what is on the form}}
  var receipt = SY.load(key + ".sent", null); // the marker: this phone's last answer that the server took
  var outbox = new SY.Outbox(key, send, sent, null);
  var NUMBER = /^-?\d+(\.\d+)?$/;
  var MAX_NUMBER = 1e12;
  var PLACES = 6;

  // --- the questions (drawn by SY.questionBox in common.js, which the office's preview shares) ----------
  function boxOf(q) {
    return document.querySelector('#questions [data-q="' + q.id + '"]');
  }

  /* What is on the form for a question: a code, a list of codes, or the text typed. */
  function read(q) {
    var box = boxOf(q);
    if (!box) return undefined;
    var ticked = Array.prototype.filter
      .call(box.querySelectorAll("input[type=radio], input[type=checkbox]"), function (i) {
        return i.checked;
      })
      .map(function (i) {
        return i.value;
      });
    if (q.type === "multiple_choice") return ticked;
    if (q.type === "single_choice" || q.type === "yes_no" || q.type === "rating") return ticked[0] || "";
    return box.querySelector("input, textarea").value;
  }

  function fill(q, value) {
    var box = boxOf(q);
    if (value === undefined || value === null) return;
    var ticks = box.querySelectorAll("input[type=radio], input[type=checkbox]");
    if (ticks.length) {
      Array.prototype.forEach.call(ticks, function (i) {
        i.checked = Array.isArray(value) ? value.indexOf(i.value) >= 0 : i.value === value;
      });
    } else {
      box.querySelector("input, textarea").value = value;
    }
  }

  // --- checking on the phone, as the server does (survey_answers.py) ------------------------
  function blank(value) {
    return value === undefined || value === null || (Array.isArray(value) ? !value.length : !String(value).trim());
  }
  function dateLabel(iso) {
    return Number(iso.slice(0, 4)) + "年" + Number(iso.slice(5, 7)) + "月" + Number(iso.slice(8, 10)) + "日";
  }
  function validDate(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    var d = new Date(text + "T00:00:00Z");
    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
  }
  function number(q, raw) {
    var text = SY.digits(raw).replace(/[\uff0d\u2212]/g, "-").replace(/^(-?)\./, "$10.");
    if (!NUMBER.test(text)) return { error: "应填写数字" };
    var negative = text.charAt(0) === "-";
    var parts = text.replace("-", "").split(".");
    var whole = parts[0].replace(/^0+(?=\d)/, "");
    var fraction = parts[1] || "";
    var integral = /^0*$/.test(fraction);
    var value = Number(text);
    if (Math.abs(value) > MAX_NUMBER) return { error: "数字过大" };
    if (q.integer && !integral) return { error: "应填写整数" };
    if (!integral && fraction.length > PLACES) return { error: "最多保留" + PLACES + "位小数" };
    if (q.min !== null && value < q.min) return { error: "不能小于" + q.min };
    if (q.max !== null && value > q.max) return { error: "不能大于" + q.max };
    return { value: SY.exact((negative ? "-" : "") + whole + (fraction ? "." + fraction : "")) };
  }
  /* {value} to send, or {error} as the server would word it, or {} for a blank optional answer. */
  function check(q, raw) {
    if (blank(raw)) return q.required ? { error: "此题必答" } : {};
    var codes = (q.options || []).map(function (o) {
      return o.value;
    });
    switch (q.type) {
      case "single_choice":
        return codes.indexOf(raw) >= 0 ? { value: raw } : { error: "请从选项中选择一项" };
      case "multiple_choice":
        var picked = codes.filter(function (c) {
          return raw.indexOf(c) >= 0;
        });
        if (picked.length < q.min_selections) return { error: "至少选择" + q.min_selections + "项" };
        if (picked.length > q.max_selections) return { error: "最多选择" + q.max_selections + "项" };
        return { value: picked };
      case "text":
        var text = String(raw).trim();
        if (Array.from(text).length > q.max_length) return { error: "不能超过" + q.max_length + "个字" };
        return { value: text };
      case "number":
        return number(q, raw);
      case "rating":
        var n = Number(raw);
        return n >= 1 && n <= 5 && n === Math.floor(n) ? { value: n } : { error: "请选择1到5分" };
      case "yes_no":
        return raw === "yes" || raw === "no" ? { value: raw === "yes" } : { error: "请选择是或否（true/false）" };
      case "date":
        if (!validDate(raw)) return { error: "日期应写成年-月-日，如 2026-08-01" };
        if (q.min_date && raw < q.min_date) return { error: "不能早于" + dateLabel(q.min_date) };
        if (q.max_date && raw > q.max_date) return { error: "不能晚于" + dateLabel(q.max_date) };
        return { value: raw };
    }
    return { error: "不认识的题型，请刷新本页" };
  }
  function checkAll() {
    var answers = {};
    var errors = [];
    survey.questions.forEach(function (q) {
      var result = check(q, draft.values[q.id]);
      if (result.error) errors.push({ field: "answers." + q.id, message: result.error });
      else if (result.value !== undefined) answers[q.id] = result.value;
    });
    return { answers: answers, errors: errors };
  }

  function showErrors(errors) {
    var shown = SY.markErrors($("questions"), errors);
    var general = shown.general;
    if (errors.length && !general.length) general.push("有" + errors.length + "道题需要修改，请看题目下方的红字");
    $("form-error").textContent = general.join("；");
    $("form-error").hidden = !general.length;
    if (shown.first && shown.first.scrollIntoView) shown.first.scrollIntoView({ block: "center" });
  }

  // --- sending: through the outbox, with the response_id made on this phone -----------------
  function send(entry) {
    return SY.request("POST", path + "/responses", entry.body);
  }
  function sent(entry, answer) {
    receipt = { message: answer.message, submitted_at: answer.submitted_at };
    SY.save(key + ".sent", receipt);
    draft = null;
    SY.save(key + ".draft", null);
    showThanks(false);
  }
  function waiting() {
    return outbox.items()[0] || null;
  }

  function submit(event) {
    event.preventDefault();
    if (waiting()) return; // already on its way: a second tap sends nothing new
    collect();
    var checked = checkAll();
    showErrors(checked.errors);
    if (checked.errors.length) return;
    var body = { response_id: draft.response_id, version: survey.version, answers: checked.answers };
    outbox.put({ id: draft.response_id, label: "答卷", state: "waiting", body: SY.json(body) });
    flush();
  }

  function flush() {
    lock(!!waiting());
    return outbox.flush().then(afterFlush);
  }

  function afterFlush() {
    var entry = waiting();
    if (!entry) return;
    if (entry.state !== "rejected") {
      lock(true);
      $("waiting").textContent = navigator.onLine
        ? "正在提交…如网络不通，答卷会保存在本机，联网后自动提交，不会重复。"
        : "网络不通：答卷已保存在本机，联网后自动提交，不会重复。";
      $("waiting").hidden = false;
      return;
    }
    // Refused: nothing was stored; the form opens again with the reasons beside the answers.
    outbox.remove(entry.id);
    lock(false);
    if (entry.code === "409.1") {
      draft.response_id = SY.uuid();
      keepDraft();
    }
    if (entry.code === "409.6" || entry.code === "404.1") {
      load();
      return notice(entry.error);
    }
    showErrors(entry.errors && entry.errors.length ? entry.errors : [{ field: "body", message: entry.error }]);
  }

  function lock(locked) {
    Array.prototype.forEach.call(document.querySelectorAll("#questions input, #questions textarea"), function (i) {
      i.disabled = locked;
    });
    $("submit").disabled = locked;
    $("submit").textContent = locked ? "等待提交…" : "提交";
    if (!locked) $("waiting").hidden = true;
  }

  // --- the draft ---------------------------------------------------------------------------
  function newDraft() {
    return { response_id: SY.uuid(), values: {} };
  }
  function collect() {
    survey.questions.forEach(function (q) {
      var value = read(q);
      if (value !== undefined) draft.values[q.id] = value;
    });
  }
  function keepDraft() {
    SY.save(key + ".draft", draft);
  }

  // --- views --------------------------------------------------------------------------------
  function notice(text) {
    $("notice").textContent = text || "";
    $("notice").hidden = !text;
  }
  function showSurvey() {
    document.title = survey.title;
    $("title").textContent = survey.title;
    $("intro").textContent = survey.introduction;
    $("intro").hidden = !survey.introduction;
  }
  function showForm() {
    showSurvey();
    notice("");
    $("thanks").hidden = true;
    if (!draft) draft = newDraft();
    var box = SY.clear($("questions"));
    survey.questions.forEach(function (q, index) {
      box.appendChild(SY.questionBox(q, index));
      fill(q, draft.values[q.id]);
    });
    $("form").hidden = false;
    $("form-error").hidden = true;
    lock(!!waiting());
    if (waiting()) afterFlush();
  }
  /* After an answer was taken: just now, or (`before`) on an earlier visit of this phone. */
  function showThanks(before) {
    showSurvey();
    $("intro").hidden = true;
    $("form").hidden = true;
    notice("");
    $("thanks-text").textContent = before ? "本机已提交过这份问卷，感谢您的参与！" : receipt.message || "提交成功，感谢您的参与！";
    var at = receipt.submitted_at || "";
    $("thanks-when").textContent = at ? dateLabel(at) + " " + at.slice(11, 16) + " 已提交" : "";
    $("thanks").hidden = false;
    window.scrollTo(0, 0);
  }
  function showClosed() {
    showSurvey();
    $("form").hidden = true;
    $("thanks").hidden = true;
    notice(survey.notice || "问卷当前不接受填写");
  }

  function render() {
    if (waiting()) return showForm(); // a submission on its way is shown until the server has it
    if (!survey.accepting_responses) return showClosed();
    if (receipt && !draft) return showThanks(true);
    showForm();
  }

  function load() {
    return SY.request("GET", path).then(
      function (answer) {
        if (answer.status === 200) {
          var changed = !survey || survey.version !== answer.body.version || survey.accepting_responses !== answer.body.accepting_responses;
          survey = answer.body;
          SY.save(key, survey);
          if (changed || $("form").hidden) render();
          return;
        }
        survey = null;
        SY.save(key, null);
        $("form").hidden = true;
        notice((answer.body && answer.body.message) || "问卷暂时无法打开（" + answer.status + "），请稍后刷新");
      },
      function () {
        if (!survey) notice("网络不通，请联网后刷新本页。");
      }
    );
  }

  function start() {
    if (!/^[A-Za-z0-9_-]{32}$/.test(token)) {
      notice("未找到该问卷，请检查链接是否完整");
      return;
    }
    if (survey) render();
    else notice("正在读取问卷…");
    $("form").addEventListener("submit", submit);
    $("form").addEventListener("input", function () {
      if (!draft || waiting()) return;
      collect();
      keepDraft();
    });
    $("form").addEventListener("change", function () {
      if (!draft || waiting()) return;
      collect();
      keepDraft();
    });
    $("again").addEventListener("click", function () {
      receipt = null; // another answer from this phone, on purpose: the marker goes
      SY.save(key + ".sent", null);
      draft = newDraft();
      keepDraft();
      showForm();
      window.scrollTo(0, 0);
    });
    function showNetwork() {
      $("net").hidden = navigator.onLine;
    }
    window.addEventListener("online", function () {
      showNetwork();
      if (waiting()) flush();
    });
    window.addEventListener("offline", showNetwork);
    setInterval(function () {
      if (navigator.onLine && waiting()) flush();
    }, 15000);
    showNetwork();
    load().then(function () {
      if (waiting()) flush();
    });
  }

  start();
})();
