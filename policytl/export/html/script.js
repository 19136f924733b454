(function () {
  "use strict";
  var d = document, form = d.getElementById("_controls");
  var events = [].slice.call(d.querySelectorAll("article.event"));
  var marks = [].slice.call(d.querySelectorAll("a.mark"));
  var years = [].slice.call(d.querySelectorAll("section.period"));
  var shown = d.getElementById("_shown");
  form.hidden = false;
  function picked(name) {
    var set = {};
    [].forEach.call(form.querySelectorAll("input[name=" + name + "]"), function (box) {
      if (box.checked) { set[box.value] = true; }
    });
    return set;
  }
  function apply() {
    var j = picked("j"), k = picked("k"), t = form.elements.t.value;
    var lang = form.querySelector("input[name=lang]:checked").value, n = 0;
    d.body.className = d.body.className.replace(/\bshow-\w+/, "show-" + lang);
    function keep(el) {
      return j[el.getAttribute("data-j")] && k[el.getAttribute("data-k")] &&
        (!t || (" " + el.getAttribute("data-t") + " ").indexOf(" " + t + " ") >= 0);
    }
    events.forEach(function (el) { el.hidden = !keep(el); if (!el.hidden) { n += 1; } });
    marks.forEach(function (el) { el.hidden = !keep(el); });
    years.forEach(function (sec) {
      sec.hidden = !sec.querySelector("article.event:not([hidden])");
    });
    shown.textContent = shown.getAttribute(lang === "zh" ? "data-zh" : "data-en")
      .replace("{n}", n).replace("{m}", events.length);
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
    visible[next].focus();
    history.replaceState(null, "", "#" + visible[next].id);
  });
  apply();
}());
