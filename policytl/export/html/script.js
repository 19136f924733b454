(function () {
  "use strict";
  var d = document, form = d.getElementById("_controls");
  var events = [].slice.call(d.querySelectorAll("article.event"));
  var byId = {};
  events.forEach(function (a) { byId[a.id] = a; });
  var lanes = [].slice.call(d.querySelectorAll(".lane"));
  var lines = [].slice.call(d.querySelectorAll("svg.links line"));
  var years = [].slice.call(d.querySelectorAll("section.period"));
  var shown = d.getElementById("_shown");
  var ROW = 20;
  form.hidden = false;

  // The days the start of an entry's date may denote (its first <time>): lo and hi.
  function days(a) {
    if (!a.lo) {
      var t = a.querySelector(".ev-head time").getAttribute("datetime"), p = t.split("-");
      var y = parseInt(p[0], 10), m = p[1] ? parseInt(p[1], 10) : 12;
      var end = p[2] || String(new Date(Date.UTC(y, m, 0)).getUTCDate());
      a.lo = p[0] + "-" + (p[1] || "01") + "-" + (p[2] || "01");
      a.hi = p[0] + "-" + (p[1] || "12") + "-" + end;
    }
    return a;
  }
  // A mark's tooltip: its date and its entry's title, added when the pointer is over it.
  d.addEventListener("mouseover", function (ev) {
    var m = ev.target;
    if (!m.classList || !m.classList.contains("mark") || m.getAttribute("data-titled")) { return; }
    var a = byId[(m.getAttribute("href") || "").slice(1)], h = a && a.querySelector(".title");
    if (h) { m.title += " " + h.textContent; }
    m.setAttribute("data-titled", "");
  });

  // Each lane's marks, grouped by event (a target's arrow and due mark follow its own),
  // with where they start and end in shares of the track, read once as laid out.
  var packed = lanes.map(function (lane) {
    var track = lane.querySelector(".track"), width = track.clientWidth || 1, items = [];
    var name = lane.querySelector(".lane-name");
    [].forEach.call(track.querySelectorAll("a.mark"), function (m) {
      var id = m.getAttribute("href").slice(1), last = items[items.length - 1];
      var left = m.offsetLeft * 100 / width, right = (m.offsetLeft + m.offsetWidth) * 100 / width;
      var start = (m.offsetLeft + (/\bd\b/.test(m.className) ? m.offsetWidth / 2 : 0)) * 100 / width;
      if (last && last.id === id && /\b(arrow|due)\b/.test(m.className)) {
        last.marks.push(m);
        last.right = Math.max(last.right, Math.max(right, left + 1.2) + 0.3);
      } else {
        items.push({id: id, marks: [m], left: left, start: start,
          right: Math.max(right, left + 1.2) + 0.3});
      }
    });
    return {lane: lane, track: track, items: items, name: name ? name.offsetHeight + 6 : 0};
  });

  // Hidden events' marks go; the others are packed into rows again, empty lanes
  // collapse, and the relations follow their marks (or go with them).
  function relayout() {
    packed.forEach(function (p) {
      var rows = [];
      p.items.forEach(function (it) {
        var on = !byId[it.id] || !byId[it.id].hidden, r = 0;
        it.marks.forEach(function (m) { m.hidden = !on; });
        it.row = -1;
        if (!on) { return; }
        while (r < rows.length && rows[r] > it.left) { r += 1; }
        rows[r] = it.right;
        it.row = r;
        it.marks.forEach(function (m) { m.style.top = (4 + ROW * r) + "px"; });
      });
      p.lane.hidden = rows.length === 0;
      p.track.style.height = Math.max(8 + ROW * Math.max(rows.length, 1), p.name) + "px";
    });
    var at = {};
    packed.forEach(function (p) {
      if (p.lane.hidden) { return; }
      var top = p.lane.offsetTop;
      p.items.forEach(function (it) {
        if (it.row >= 0 && !(it.id in at)) { at[it.id] = top + 1 + 4 + ROW * it.row + 7; }
      });
    });
    lines.forEach(function (l) {
      var a = at[l.getAttribute("data-a")], b = at[l.getAttribute("data-b")];
      var on = a !== undefined && b !== undefined;
      l.style.display = on ? "" : "none";
      if (on) {
        if (a === b) { a -= 9; b -= 9; }
        l.setAttribute("y1", a);
        l.setAttribute("y2", b);
      }
    });
  }

  // Who moved first, as policytl.analyze.compare reckons it, over the events shown.
  function months(iso) { return 12 * parseInt(iso.slice(0, 4), 10) + parseInt(iso.slice(5, 7), 10); }
  function themes() {
    var sides = [], side = {}, staged = {}, keys = {}, out = [];
    [].forEach.call(form.querySelectorAll("input[name=j]"), function (box, i) {
      side[box.value] = i;
      sides.push(box);
    });
    var visible = events.filter(function (a) { return !a.hidden; });
    visible.forEach(function (a) {
      if (a.hasAttribute("data-st")) {
        a.getAttribute("data-t").split(" ").forEach(function (t) { staged[t] = true; });
      }
    });
    visible.forEach(function (a) {
      var j = a.getAttribute("data-j");
      a.getAttribute("data-t").split(" ").forEach(function (t) {
        if (!t) { return; }
        var s = staged[t] && a.hasAttribute("data-s") ? a.getAttribute("data-s") : "";
        var key = t + "\u0000" + s;
        keys[key] = keys[key] || {tag: t, stage: s, by: {}};
        (keys[key].by[j] = keys[key].by[j] || []).push(a);
      });
    });
    Object.keys(keys).forEach(function (key) {
      var theme = keys[key], moves = [];
      Object.keys(theme.by).forEach(function (j) {
        var evs = theme.by[j].map(days), first = evs[0], lo = first.lo, hi = first.hi;
        var u = first.hasAttribute("data-u");
        evs.slice(1).some(function (e) {
          if (e.lo > hi) { return true; }
          if (e.hi < hi) { hi = e.hi; u = u || e.hasAttribute("data-u"); }
          return false;
        });
        moves.push({side: j, rank: side[j], event: first, lo: lo, hi: hi, u: u});
      });
      if (moves.length < 2) { return; }
      moves.sort(function (a, b) {
        return a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : a.hi < b.hi ? -1 : a.hi > b.hi ? 1 : a.rank - b.rank;
      });
      theme.moves = moves;
      theme.leads = moves.slice(1).map(function (m) { return lead(moves[0], m); });
      out.push(theme);
    });
    out.sort(function (a, b) {
      var x = a.moves[0], y = b.moves[0];
      return x.lo < y.lo ? -1 : x.lo > y.lo ? 1 : x.hi < y.hi ? -1 : x.hi > y.hi ? 1 :
        a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : (parseInt(a.stage || 99, 10) - parseInt(b.stage || 99, 10));
    });
    return {themes: out, sides: sides};
  }
  function lead(a, b) {
    var lo = months(b.lo) - months(a.hi), hi = months(b.hi) - months(a.lo), status = "uncertain";
    if (a.hi < b.lo) { status = "first"; }
    else if (a.lo === a.hi && a.lo === b.lo && b.lo === b.hi) { status = "same-day"; }
    else if (lo === 0 && hi === 0) { status = "same-month"; }
    else if (a.lo === b.lo && a.hi === b.hi && /-01-01$/.test(a.lo) && /-12-31$/.test(a.hi) &&
             a.lo.slice(0, 4) === a.hi.slice(0, 4)) { status = "same-year"; }
    return {status: status, min: lo, max: hi, u: a.u || b.u};
  }
  function monthWords(l, zh) {
    if (zh) { return (l.min === l.max ? l.min : l.min + "–" + l.max) + "个月"; }
    if (l.min === l.max) { return l.min + (l.min === 1 ? " month" : " months"); }
    return l.min + "–" + l.max + " months";
  }
  function pair(el, en, zh) {
    var a = el.querySelector(".l-en"), b = el.querySelector(".l-zh");
    if (a && b) { a.textContent = en; b.textContent = zh; } else { el.textContent = en; }
  }
  function fill(t, vars) {
    return t.replace(/\{(\w+)\}/g, function (all, k) { return k in vars ? vars[k] : all; });
  }
  var head = d.getElementById("_headline"), why = d.getElementById("_why");
  var bracket = d.getElementById("_bracket"), bracketLabel = d.getElementById("_bracket-l");
  function mark(id) {
    var found = null;
    packed.some(function (p) {
      return p.items.some(function (it) {
        if (it.id === id && it.row >= 0) { found = it; return true; }
        return false;
      });
    });
    return found;
  }
  function headline(found) {
    if (!head) { return; }
    var certain = found.themes.filter(function (t) { return t.leads[0].status === "first"; });
    var best = null;
    certain.forEach(function (t) { if (!best || t.moves.length > best.moves.length) { best = t; } });
    head.hidden = why.hidden = !best;
    if (bracket) { bracket.hidden = bracketLabel.hidden = !best; }
    if (!best) { return; }
    var a = best.moves[0], b = best.moves[1], l = best.leads[0], names = {};
    found.sides.forEach(function (box) { names[box.value] = box; });
    function name(m, zh) { return names[m.side].getAttribute(zh ? "data-zh" : "data-en"); }
    var same = l.min === 0 && l.max === 0 ? "0" : "";
    var texts = [false, true].map(function (zh) {
      var t = fill(head.getAttribute(zh ? "data-zh" + same : "data-en" + same),
        {a: name(a, zh), b: name(b, zh), n: monthWords(l, zh)});
      return l.u ? t + (zh ? "（日期存疑）" : " (uncertain date)") : t;
    });
    pair(head, texts[0], texts[1]);
    pair(why.querySelector(".why-words"), fill(why.getAttribute("data-en"), {tag: best.tag}),
      fill(why.getAttribute("data-zh"), {tag: best.tag}));
    [[a, ".why-a"], [b, ".why-b"]].forEach(function (x) {
      var span = why.querySelector(x[1]), link = span.querySelector("a");
      pair(span.querySelector(".who"), name(x[0], false), name(x[0], true));
      link.href = "#" + x[0].event.id;
      link.textContent = x[0].event.querySelector(".ev-head .date").textContent;
    });
    why.querySelector("code").textContent = "policytl compare " + a.side + " " + b.side;
    var ma = mark(a.event.id), mb = mark(b.event.id);
    if (bracket && ma && mb) {
      var x = ma.start, y = mb.start, c = (x + y) / 2;
      bracket.style.left = x + "%";
      bracket.style.width = (y - x) + "%";
      bracketLabel.style.left = c + "%";
      bracketLabel.style.transform = "translateX(-" + c + "%)";
      var dates = [a, b].map(function (m) { return m.event.querySelector(".ev-head .date").textContent; });
      [false, true].forEach(function (zh) {
        var el = bracketLabel.querySelector(zh ? ".l-zh" : ".l-en"), names = el.querySelectorAll(".bn");
        names[0].textContent = name(a, zh) + " ";
        names[1].textContent = name(b, zh) + " ";
        names[0].nextSibling.textContent = dates[0] + " → ";
        names[1].nextSibling.textContent = dates[1] + (zh ? "：" : ": ") + monthWords(l, zh);
      });
    }
  }
  var list = d.getElementById("_first");
  var stages = list ? JSON.parse(list.getAttribute("data-stages")) : [];
  var later = list ? JSON.parse(list.getAttribute("data-words")) : {};
  function span(cls, en, zh) {
    var s = d.createElement("span"), a = d.createElement("span"), b = d.createElement("span");
    s.className = cls;
    a.className = "l-en"; a.lang = "en"; a.textContent = en;
    b.className = "l-zh"; b.lang = "zh"; b.textContent = zh;
    s.appendChild(a); s.appendChild(b);
    return s;
  }
  function ranked(found) {
    if (!list) { return; }
    var names = {};
    found.sides.forEach(function (box) { names[box.value] = box; });
    while (list.firstChild) { list.removeChild(list.firstChild); }
    list.parentNode.hidden = !found.themes.length;
    found.themes.forEach(function (t) {
      var li = d.createElement("li"), theme = d.createElement("span"), ol = d.createElement("ol");
      theme.className = "theme";
      theme.textContent = t.tag;
      if (t.stage !== "") {
        var st = stages[parseInt(t.stage, 10)] || [t.stage, t.stage];
        theme.appendChild(d.createTextNode(" · "));
        theme.appendChild(span("", st[0], st[1]));
      }
      ol.className = "rank";
      t.moves.forEach(function (m, k) {
        var item = d.createElement("li"), link = d.createElement("a");
        item.appendChild(span("", names[m.side].getAttribute("data-en"), names[m.side].getAttribute("data-zh")));
        item.appendChild(d.createTextNode(" "));
        link.href = "#" + m.event.id;
        link.textContent = m.event.querySelector(".ev-head .date").textContent;
        item.appendChild(link);
        if (k) {
          var l = t.leads[k - 1], en, zh;
          if (l.status === "first") {
            en = later.later[0].replace("{n}", monthWords(l, false));
            zh = later.later[1].replace("{n}", monthWords(l, true));
          } else { en = later[l.status][0]; zh = later[l.status][1]; }
          if (l.u) { en += " (uncertain date)"; zh += "（日期存疑）"; }
          item.appendChild(d.createTextNode(" "));
          item.appendChild(span("behind", en, zh));
        }
        ol.appendChild(item);
      });
      li.appendChild(theme);
      li.appendChild(ol);
      list.appendChild(li);
    });
  }

  function picked(name) {
    var set = {};
    [].forEach.call(form.querySelectorAll("input[name=" + name + "]"), function (box) {
      if (box.checked) { set[box.value] = true; }
    });
    return set;
  }
  var first = true;
  function apply() {
    var j = picked("j"), k = picked("k"), t = form.elements.t.value;
    var radio = form.querySelector("input[name=lang]:checked");
    var lang = radio ? radio.value : d.body.className.replace(/.*\bshow-(\w+).*/, "$1"), n = 0;
    d.body.className = d.body.className.replace(/\bshow-\w+/, "show-" + lang);
    events.forEach(function (el) {
      el.hidden = !(j[el.getAttribute("data-j")] && k[el.getAttribute("data-k")] &&
        (!t || (" " + el.getAttribute("data-t") + " ").indexOf(" " + t + " ") >= 0));
      if (!el.hidden) { n += 1; }
    });
    years.forEach(function (sec) {
      sec.hidden = !sec.querySelector("article.event:not([hidden])");
    });
    shown.textContent = shown.getAttribute(lang === "zh" ? "data-zh" : "data-en")
      .replace("{n}", n).replace("{m}", events.length);
    if (first && n === events.length) { first = false; return; }  // as the page was drawn
    first = false;
    relayout();
    var found = themes();
    headline(found);
    ranked(found);
  }
  form.addEventListener("change", apply);
  d.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey || (ev.key !== "j" && ev.key !== "k")) { return; }
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(ev.target.tagName)) { return; }
    var visible = events.filter(function (el) { return !el.hidden; });
    if (!visible.length) { return; }
    var at = visible.indexOf(d.activeElement.closest ? d.activeElement.closest("article") : null);
    var next = ev.key === "j" ? Math.min(at + 1, visible.length - 1) : Math.max(at - 1, 0);
    ev.preventDefault();
    visible[next].tabIndex = -1;
    visible[next].focus();
    history.replaceState(null, "", "#" + visible[next].id);
  });
  apply();
}());
