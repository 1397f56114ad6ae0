/* 双拥填报: what every page shares. Plain script, no library, no build step.
   SY.request speaks to the API; SY.Outbox keeps what could not be sent; SY.json writes exact numbers. */
(function () {
  "use strict";
  var SY = (window.SY = {});
  var script = document.currentScript;
  // The app's root, from where this script was loaded (works under an API Gateway stage path too).
  SY.base = script ? script.src.replace(/\/assets\/[^/]*$/, "") : location.origin;

  // --- storage on the device --------------------------------------------------
  SY.load = function (key, fallback) {
    try {
      var raw = localStorage.getItem("sy." + key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) {
      return fallback;
    }
  };
  SY.save = function (key, value) {
    try {
      if (value === undefined || value === null) localStorage.removeItem("sy." + key);
      else localStorage.setItem("sy." + key, JSON.stringify(value));
      return true;
    } catch (e) {
      return false; // storage full or disabled: the page still works while open
    }
  };

  /* The token arrives in the link's fragment (#token=...), which no server sees. Keep it on the
     device (one per page: a phone may hold a reporter's and the county office's) and take it out of
     the address bar, so it is not shared with a screenshot or a copied link. */
  SY.takeToken = function (page) {
    var found = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (found) {
      SY.save("token." + page, decodeURIComponent(found[1]));
      history.replaceState(null, "", location.pathname + location.search);
    }
    return SY.load("token." + page, null);
  };

  // --- exact JSON: money is typed as text and sent as a JSON number, never via a float ----
  function Exact(text) {
    this.text = text;
  }
  SY.exact = function (text) {
    return new Exact(text);
  };
  SY.json = function toJson(value) {
    if (value instanceof Exact) return value.text;
    if (Array.isArray(value)) return "[" + value.map(toJson).join(",") + "]";
    if (value && typeof value === "object") {
      return (
        "{" +
        Object.keys(value)
          .filter(function (k) {
            return value[k] !== undefined;
          })
          .map(function (k) {
            return JSON.stringify(k) + ":" + toJson(value[k]);
          })
          .join(",") +
        "}"
      );
    }
    return JSON.stringify(value);
  };
  /* Digits typed on a phone: full-width digits and separators become ASCII, spaces and commas go. */
  SY.digits = function (text) {
    return String(text || "")
      .replace(/[\uff10-\uff19]/g, function (c) {
        return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
      })
      .replace(/[\uff0e\u3002]/g, ".")
      .replace(/[\s,\uff0c]/g, "");
  };
  SY.COUNT = /^\d{1,8}$/;
  SY.MONEY = /^\d{1,11}(\.\d{1,2})?$/;
  /* A number's text without leading zeros ("007.50" -> "7.50"). */
  SY.numberText = function (text) {
    return text.replace(/^0+(?=\d)/, "");
  };

  // --- the API ----------------------------------------------------------------------
  SY.TIMEOUT_MS = 30000;
  /* Resolves {status, body} for any HTTP answer; rejects {offline: true} when the network fails. */
  SY.request = function (method, path, bodyText, token) {
    var headers = { Accept: "application/json" };
    if (bodyText !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = "Bearer " + token;
    var abort = window.AbortController ? new AbortController() : null;
    var timer = abort
      ? setTimeout(function () {
          abort.abort();
        }, SY.TIMEOUT_MS)
      : null;
    return fetch(SY.base + path, {
      method: method,
      headers: headers,
      body: bodyText,
      cache: "no-store",
      credentials: "omit",
      referrerPolicy: "no-referrer",
      signal: abort ? abort.signal : undefined,
    })
      .then(
        function (answer) {
          return answer.text().then(function (text) {
            var body = null;
            try {
              body = text ? JSON.parse(text) : null;
            } catch (e) {
              body = null;
            }
            return { status: answer.status, body: body };
          });
        },
        function () {
          throw { offline: true };
        }
      )
      .finally(function () {
        if (timer) clearTimeout(timer);
      });
  };
  /* Answers that are worth trying again later: no network, a gateway hiccup, too many requests. */
  SY.transient = function (status) {
    return status === 408 || status === 429 || status >= 500;
  };

  // --- dates in Asia/Shanghai ------------------------------------------------------------
  SY.today = function () {
    try {
      var parts = {};
      new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" })
        .formatToParts(new Date())
        .forEach(function (p) {
          parts[p.type] = p.value;
        });
      return parts.year + "-" + parts.month + "-" + parts.day;
    } catch (e) {
      var d = new Date(Date.now() + 8 * 3600 * 1000);
      return d.toISOString().slice(0, 10);
    }
  };
  /* A date (or a time) as every page writes it: 2027年1月5日, with 14:30 when the ISO text has a time. */
  SY.dayLabel = function (iso) {
    if (!iso) return "";
    var text = Number(iso.slice(0, 4)) + "年" + Number(iso.slice(5, 7)) + "月" + Number(iso.slice(8, 10)) + "日";
    return iso.length > 10 ? text + " " + iso.slice(11, 16) : text;
  };
  /* A file's size as a clerk reads it: 1.5 MB, 12 KB (never 0 KB). */
  SY.sizeLabel = function (bytes) {
    return bytes >= 1024 * 1024 ? (bytes / 1024 / 1024).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
  };
  SY.monthLabel = function (month) {
    return month.slice(0, 4) + "年" + Number(month.slice(5, 7)) + "月";
  };
  SY.previousMonth = function (month) {
    var y = Number(month.slice(0, 4)),
      m = Number(month.slice(5, 7)) - 1;
    if (m === 0) {
      y -= 1;
      m = 12;
    }
    return y + "-" + (m < 10 ? "0" : "") + m;
  };

  SY.uuid = function () {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map
      .call(b, function (x) {
        return (x + 0x100).toString(16).slice(1);
      })
      .join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  };

  // --- a report's figures, from the report form's JSON Schema (GET /forms/report/schema) ---------
  /* Each activity type's metrics that are choices (e.g. 走访对象), with their labels, in schema order. */
  SY.reportChoices = function (schema) {
    var choices = {};
    Object.keys(schema.discriminator.mapping).forEach(function (code) {
      var def = schema.$defs[schema.discriminator.mapping[code].split("/").pop()];
      var metrics = schema.$defs[def.properties.metrics.$ref.split("/").pop()];
      choices[code] = Object.keys(metrics.properties)
        .filter(function (name) {
          var p = metrics.properties[name];
          return p.labels || p.type === "string"; // a choice, or a line of text (an honour's name, its recipient)
        })
        .map(function (name) {
          var p = metrics.properties[name];
          var required = (metrics.required || []).indexOf(name) >= 0;
          if (!p.labels) return { name: name, label: p.title, options: null, max: p.maxLength, required: required };
          // The schema's objects come with sorted keys; its enum keeps the domain's order (驻军部队 first).
          // An optional choice (a visit's target, unless it lists groups) is anyOf [its $ref, null].
          var ref = p.$ref || ((p.anyOf || []).filter(function (a) { return a.$ref; })[0] || {}).$ref;
          var values = ref ? schema.$defs[ref.split("/").pop()].enum : p.enum;
          var options = (values || Object.keys(p.labels))
            .filter(function (k) {
              return k in p.labels;
            })
            .map(function (k) {
              return [k, p.labels[k]];
            });
          return { name: name, label: p.title, options: options, required: required };
        });
    });
    return choices;
  };
  /* A report's figures as a clerk checks them: 走访对象：驻军部队 · 走访户数16户 · 慰问金6.2万元 (a visit to several
     groups: a line each, 走访对象：伤残军人，慰问人数3人，慰问金1500元).
     `types`: the schema's x-activity-types; `choices`: SY.reportChoices(schema). */
  SY.figures = function (types, choices, r) {
    var type = (types || []).filter(function (t) {
      return t.code === r.activity_type;
    })[0];
    var metrics = r.metrics || {};
    if (!type) return [];
    var shown = (choices[r.activity_type] || []).map(function (c) {
      if (!c.options) return metrics[c.name] ? c.label + "：" + metrics[c.name] : null;
      var o = c.options.filter(function (o) {
        return o[0] === metrics[c.name];
      })[0];
      return o ? c.label + "：" + o[1] : null;
    });
    type.figures.forEach(function (f) {
      var v = metrics[f.code];
      if (v === null || v === undefined || Number(v) === 0) return;
      shown.push(f.label + (f.kind === "money" ? SY.money(v) : v + (f.unit || "")));
    });
    (metrics.groups || []).forEach(function (g) {
      shown.push(SY.figures(types, choices, { activity_type: r.activity_type, metrics: g }).join("，")); // a visit's line per group
    });
    return shown.filter(function (x) {
      return x;
    });
  };
  /* Yuan as the county writes it: 万元 from 10,000 up, at most two decimals, trailing zeros dropped. */
  SY.money = function (v) {
    var fen = Math.round(Number(v) * 100);
    function decimals(n, scale) {
      var whole = Math.floor(n / scale);
      var rest = String((n % scale) + scale).slice(1).replace(/0+$/, "");
      return whole + (rest ? "." + rest : "");
    }
    return fen >= 1000000 ? decimals(Math.floor((fen + 5000) / 10000), 100) + "万元" : decimals(fen, 100) + "元";
  };

  // --- the DOM ----------------------------------------------------------------------------
  SY.$ = function (id) {
    return document.getElementById(id);
  };
  /* el("div", {class: "x", onclick: f}, [children or text]) */
  SY.el = function (tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null || value === false) return;
      if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else if (key === "text") node.textContent = value;
      else if (key in node && key !== "list" && key.indexOf("-") < 0) node[key] = value;
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined && child !== false)
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  };
  SY.clear = function (node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  };
  /* Each error ({field, message}) beside the field it names: the [data-field] box inside `root`, in its
     .err paragraph. `fieldOf` maps an error's field to a box's name. Answers {general: the messages no
     box on the form names, first: the first box marked}. */
  SY.markErrors = function (root, errors, fieldOf) {
    Array.prototype.forEach.call(root.querySelectorAll(".err"), function (p) {
      p.hidden = true;
      p.textContent = "";
    });
    Array.prototype.forEach.call(root.querySelectorAll(".invalid"), function (box) {
      box.classList.remove("invalid");
    });
    var general = [];
    var first = null;
    errors.forEach(function (e) {
      var name = String(fieldOf ? fieldOf(e.field) : e.field);
      var safe = window.CSS && CSS.escape ? CSS.escape(name) : name.replace(/["\\]/g, "");
      var box = root.querySelector('[data-field="' + safe + '"]');
      var p = box && box.querySelector(".err");
      if (!p) {
        general.push(e.message);
        return;
      }
      p.textContent = p.textContent ? p.textContent + "；" + e.message : e.message;
      p.hidden = false;
      box.classList.add("invalid");
      if (!first) first = box;
    });
    return { general: general, first: first };
  };

  var toastTimer = null;
  SY.toast = function (text) {
    var box = SY.$("toast");
    if (!box) return;
    box.textContent = text;
    box.hidden = !text;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () {
      box.hidden = true;
    }, 3000);
  };

  // --- photo blobs kept on the device until uploaded (IndexedDB; memory if unavailable) ---
  var memory = {};
  var dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve) {
        try {
          var open = indexedDB.open("sy", 1);
          open.onupgradeneeded = function () {
            open.result.createObjectStore("photos");
          };
          open.onsuccess = function () {
            resolve(open.result);
          };
          open.onerror = function () {
            resolve(null);
          };
        } catch (e) {
          resolve(null);
        }
      });
    }
    return dbPromise;
  }
  function photoStore(mode, action) {
    return db().then(function (d) {
      if (!d) return action(null);
      return new Promise(function (resolve) {
        var tx = d.transaction("photos", mode);
        var request = action(tx.objectStore("photos"));
        tx.oncomplete = function () {
          resolve(request && request.result);
        };
        tx.onerror = tx.onabort = function () {
          resolve(undefined);
        };
      });
    });
  }
  SY.blobs = {
    put: function (id, blob) {
      memory[id] = blob;
      return photoStore("readwrite", function (s) {
        return s && s.put(blob, id);
      });
    },
    get: function (id) {
      if (memory[id]) return Promise.resolve(memory[id]);
      return photoStore("readonly", function (s) {
        return s && s.get(id);
      });
    },
    del: function (id) {
      delete memory[id];
      return photoStore("readwrite", function (s) {
        return s && s.delete(id);
      });
    },
  };

  /* A photo from the camera, made at most `max` pixels wide or high, as a JPEG blob. */
  SY.resizePhoto = function (file, max, quality) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () {
        var scale = Math.min(1, max / Math.max(img.naturalWidth, img.naturalHeight));
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
        canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
        canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(
          function (blob) {
            if (blob) resolve(blob);
            else reject(new Error("toBlob"));
          },
          "image/jpeg",
          quality
        );
      };
      img.onerror = function () {
        URL.revokeObjectURL(url);
        reject(new Error("image"));
      };
      img.src = url;
    });
  };

  /* What could not be sent yet, kept on the device and sent again, in order, when the network returns.
     Each entry: {id, label, state: "waiting" | "sending" | "rejected", error, errors, ...the page's data}.
     `send(entry)` resolves the API's {status, body}; a 2xx removes the entry and calls onSent. */
  SY.Outbox = function (key, send, onSent, onChange) {
    this.key = "outbox." + key;
    this.send = send;
    this.onSent = onSent;
    this.onChange = onChange;
    this.running = null;
  };
  SY.Outbox.prototype.items = function () {
    return SY.load(this.key, []);
  };
  SY.Outbox.prototype.write = function (items) {
    SY.save(this.key, items);
    if (this.onChange) this.onChange(items);
  };
  SY.Outbox.prototype.find = function (id) {
    return this.items().filter(function (e) {
      return e.id === id;
    })[0];
  };
  SY.Outbox.prototype.put = function (entry) {
    var items = this.items().filter(function (e) {
      return e.id !== entry.id;
    });
    items.push(entry);
    this.write(items);
  };
  SY.Outbox.prototype.update = function (id, changes) {
    this.write(
      this.items().map(function (e) {
        return e.id === id ? Object.assign({}, e, changes) : e;
      })
    );
  };
  SY.Outbox.prototype.remove = function (id) {
    this.write(
      this.items().filter(function (e) {
        return e.id !== id;
      })
    );
  };
  SY.Outbox.prototype.flush = function () {
    var box = this;
    if (box.running) return box.running;
    function next() {
      var entry = box.items().filter(function (e) {
        return e.state !== "rejected";
      })[0];
      if (!entry) return Promise.resolve();
      box.update(entry.id, { state: "sending" });
      return Promise.resolve()
        .then(function () {
          return box.send(box.find(entry.id));
        })
        .then(
          function (answer) {
            if (answer.status >= 200 && answer.status < 300) {
              box.remove(entry.id);
              if (box.onSent) box.onSent(entry, answer.body);
              return next();
            }
            var body = answer.body || {};
            if (answer.status === 401 || SY.transient(answer.status)) {
              box.update(entry.id, { state: "waiting", error: body.message || "服务器暂时无法处理，稍后自动重试" });
              return;
            }
            box.update(entry.id, {
              state: "rejected",
              error: body.message || "提交被拒绝（" + answer.status + "）",
              errors: body.errors || [],
              code: body.code,
            });
            return next();
          },
          function (failure) {
            box.update(entry.id, {
              state: "waiting",
              error: failure && failure.offline ? "" : String((failure && failure.message) || failure),
            });
          }
        );
    }
    box.running = next().finally(function () {
      box.running = null;
    });
    return box.running;
  };

  // --- a survey's question as a phone shows it: the survey page, and the office's preview -----------
  var el = SY.el;
  function hintOf(q) {
    if (q.type === "multiple_choice") {
      var n = q.options.length;
      if (q.min_selections > 1 && q.max_selections < n) return "至少选" + q.min_selections + "项，最多选" + q.max_selections + "项";
      if (q.max_selections < n) return "可多选，最多选" + q.max_selections + "项";
      if (q.min_selections > 1) return "可多选，至少选" + q.min_selections + "项";
      return "可多选";
    }
    if (q.type === "number") {
      var kind = q.integer ? "整数" : "数字";
      if (q.min !== null && q.max !== null) return "请填写" + q.min + "–" + q.max + "之间的" + kind;
      if (q.min !== null) return "请填写不小于" + q.min + "的" + kind;
      if (q.max !== null) return "请填写不大于" + q.max + "的" + kind;
      return q.integer ? "请填写整数" : "";
    }
    if (q.type === "text") return "最多" + q.max_length + "字";
    return "";
  }

  function choice(q, type, value, label, extra) {
    return el("label", { class: "choice" + (extra || "") }, [
      el("input", { type: type, name: "q-" + q.id, value: value }),
      el("span", { text: label }),
    ]);
  }

  function controlOf(q) {
    var id = "q-" + q.id;
    if (q.type === "single_choice" || q.type === "multiple_choice") {
      var type = q.type === "single_choice" ? "radio" : "checkbox";
      return el(
        "div",
        { class: "choices" },
        q.options.map(function (o) {
          return choice(q, type, o.value, o.label);
        })
      );
    }
    if (q.type === "yes_no") {
      return el("div", { class: "choices two" }, [choice(q, "radio", "yes", "是"), choice(q, "radio", "no", "否")]);
    }
    if (q.type === "rating") {
      var points = [1, 2, 3, 4, 5].map(function (n) {
        return choice(q, "radio", String(n), String(n), " point");
      });
      var ends = q.low_label || q.high_label ? el("div", { class: "scale-ends" }, [el("span", { text: q.low_label }), el("span", { text: q.high_label })]) : null;
      return el("div", {}, [el("div", { class: "scale" }, points), ends]);
    }
    if (q.type === "date") {
      return el("input", { type: "date", id: id, min: q.min_date || undefined, max: q.max_date || undefined });
    }
    if (q.type === "number") {
      var negative = q.min === null || q.min < 0;
      var input = el("input", { type: "text", id: id, inputmode: negative ? "text" : q.integer ? "numeric" : "decimal" });
      return q.unit ? el("div", { class: "with-unit" }, [input, el("span", { class: "unit", text: q.unit })]) : input;
    }
    if (q.max_length > 100) return el("textarea", { id: id, rows: 4, maxlength: q.max_length });
    return el("input", { type: "text", id: id, maxlength: q.max_length });
  }

  SY.questionBox = function (q, index) {
    var hint = hintOf(q);
    return el("fieldset", { class: "field q", "data-field": "answers." + q.id, "data-q": q.id }, [
      el("legend", {}, [index + 1 + ". " + q.label, q.required ? el("span", { class: "req", text: " *" }) : null]),
      q.description ? el("p", { class: "hint", text: q.description }) : null,
      hint ? el("p", { class: "hint", text: hint }) : null,
      controlOf(q),
      el("p", { class: "err", hidden: true }),
    ]);
  };

  /* The offline page shell: a service worker keeps this page's own files (never API answers). */
  SY.registerServiceWorker = function () {
    var url = document.body.getAttribute("data-sw");
    if (!url || !("serviceWorker" in navigator) || location.protocol === "file:") return;
    navigator.serviceWorker.register(url, { scope: "./" }).catch(function () {});
  };
})();
