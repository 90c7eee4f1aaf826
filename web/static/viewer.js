// The page viewer of a submission: zoom (buttons, Ctrl+wheel, + - 0 keys) and pan (drag, arrows),
// going to the evidence (selecting a field or finding zooms and scrolls its page to its box), and
// picking words on the page as a field's value (the add-field form).
(function () {
  "use strict";
  var vp = document.querySelector("[data-viewport]");
  if (!vp) return;
  var zoom = 1, MIN = 1, MAX = 4, GOTO_MAX = 3;   // pages are rendered at 100 dpi: beyond 3× is blur
  var level = document.querySelector("[data-zoom-level]");

  function setZoom(z, cx, cy) {
    z = Math.max(MIN, Math.min(MAX, z));
    var r = vp.getBoundingClientRect();
    cx = cx === undefined ? r.width / 2 : cx; cy = cy === undefined ? r.height / 2 : cy;
    var x = (vp.scrollLeft + cx) / zoom, y = (vp.scrollTop + cy) / zoom;  // keep this point still
    zoom = z;
    vp.style.setProperty("--zoom", z);
    vp.scrollLeft = x * z - cx; vp.scrollTop = y * z - cy;
    if (level) level.textContent = Math.round(z * 100) + "%";
    vp.dataset.zoom = z.toFixed(2);
  }

  function goTo(box) {
    var figure = box.closest("figure.page");
    var fw = figure.getBoundingClientRect().width / zoom, r = vp.getBoundingClientRect();
    var bw = box.offsetWidth / zoom || 1, bh = box.offsetHeight / zoom || 1;
    // the box about a third of the viewer's width, its lines still readable around it
    var z = Math.min(r.width * 0.35 / bw, r.height * 0.3 / bh, GOTO_MAX);
    setZoom(Math.max(z, MIN));
    var b = box.getBoundingClientRect();
    vp.scrollLeft += b.left + b.width / 2 - (r.left + r.width / 2);
    vp.scrollTop += b.top + b.height / 2 - (r.top + r.height / 2);
    document.querySelectorAll(".box.focus").forEach(function (x) { x.classList.remove("focus"); });
    box.classList.add("focus");
    if (fw && vp.getBoundingClientRect().top < 0) vp.scrollIntoView({block: "start"});
  }
  window.Viewer = {goTo: goTo, zoom: function () { return zoom; }};

  document.querySelectorAll("[data-zoom]").forEach(function (b) {
    b.addEventListener("click", function () {
      var how = b.dataset.zoom;
      setZoom(how === "in" ? zoom * 1.25 : how === "out" ? zoom / 1.25 : 1);
    });
  });
  vp.addEventListener("wheel", function (e) {
    if (!e.ctrlKey) return;
    e.preventDefault();
    var r = vp.getBoundingClientRect();
    setZoom(zoom * (e.deltaY < 0 ? 1.15 : 1 / 1.15), e.clientX - r.left, e.clientY - r.top);
  }, {passive: false});
  document.addEventListener("keydown", function (e) {
    var t = e.target.tagName;
    if (t === "INPUT" || t === "TEXTAREA" || t === "SELECT" || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "+" || e.key === "=") setZoom(zoom * 1.25);
    else if (e.key === "-") setZoom(zoom / 1.25);
    else if (e.key === "0") setZoom(1);
    else return;
    e.preventDefault();
  });

  // drag to pan (not while picking words, not from a box)
  var drag = null;
  vp.addEventListener("mousedown", function (e) {
    if (e.button !== 0 || vp.classList.contains("picking") || e.target.closest(".box")) return;
    drag = {x: e.clientX, y: e.clientY, left: vp.scrollLeft, top: vp.scrollTop};
    vp.classList.add("panning"); e.preventDefault();
  });
  window.addEventListener("mousemove", function (e) {
    if (!drag) return;
    vp.scrollLeft = drag.left - (e.clientX - drag.x); vp.scrollTop = drag.top - (e.clientY - drag.y);
  });
  window.addEventListener("mouseup", function () { drag = null; vp.classList.remove("panning"); });

  // selecting a field row or a finding goes to its box
  function boxFor(id) { return document.querySelector(".box[data-target='" + id + "']"); }
  document.querySelectorAll("tr[id^='field-'], li.finding").forEach(function (el) {
    el.addEventListener("click", function (e) {
      if (e.target.closest("button, a, textarea, select") || (e.target.tagName === "INPUT" && el.tagName === "LI")) return;
      var box = boxFor(el.id);
      if (box) goTo(box);
    });
    el.addEventListener("focusin", function (e) {
      var box = boxFor(el.id);
      if (box && el.tagName === "TR" && !box.classList.contains("focus")) goTo(box);
    });
  });
  if (location.hash) {
    window.addEventListener("load", function () { var b = boxFor(location.hash.slice(1)); if (b) goTo(b); });
  }

  // --- picking words as the value of an added field ---
  var form = document.querySelector("[data-add-field]");
  var pickButton = form && form.querySelector("[data-pick]");
  if (!pickButton) return;
  var keySelect = form.querySelector("[data-new-key]"), value = form.querySelector("[data-new-value]");
  var chosen = [], rendered = false;

  function render() {
    if (rendered) return;
    rendered = true;
    document.querySelectorAll("figure.page").forEach(function (figure) {
      var data = figure.querySelector("script.page-words");
      if (!data) return;
      JSON.parse(data.textContent).forEach(function (w) {
        var s = document.createElement("span");
        s.className = "word"; s.title = w[0];
        s.style.cssText = "left:" + w[1] + "%;top:" + w[2] + "%;width:" + w[3] + "%;height:" + w[4] + "%";
        s._word = w;
        figure.querySelector(".sheet").appendChild(s);
      });
    });
  }
  function joined(words) {
    return words.reduce(function (out, w) {
      var t = w._word[0];
      return out && /[A-Za-z0-9]$/.test(out) && /^[A-Za-z0-9]/.test(t) ? out + " " + t : out + t;
    }, "");
  }
  function update() {
    chosen.sort(function (a, b) {
      var wa = a._word, wb = b._word;
      return Math.abs(wa[6] - wb[6]) > Math.min(wa[8] - wa[6], wb[8] - wb[6]) / 2 ? wa[6] - wb[6] : wa[5] - wb[5];
    });
    document.querySelectorAll(".word.chosen").forEach(function (s) { s.classList.remove("chosen"); });
    chosen.forEach(function (s) { s.classList.add("chosen"); });
    if (!chosen.length) return;
    var figure = chosen[0].closest("figure.page");
    var ws = chosen.map(function (s) { return s._word; });
    var box = [Math.min.apply(null, ws.map(function (w) { return w[5]; })), Math.min.apply(null, ws.map(function (w) { return w[6]; })),
               Math.max.apply(null, ws.map(function (w) { return w[7]; })), Math.max.apply(null, ws.map(function (w) { return w[8]; }))];
    value.value = joined(chosen);
    form.querySelector("[data-new-doc]").value = figure.dataset.doc;
    form.querySelector("[data-new-page]").value = figure.dataset.page;
    form.querySelector("[data-new-bbox]").value = JSON.stringify(box);
    var option = keySelect.options[keySelect.selectedIndex];
    if (option && option.dataset.doc && option.dataset.doc !== figure.dataset.doc) {
      // the chosen words are on another document: offer that document's entry of the same field
      var same = keySelect.querySelector("option[value='" + option.value + "'][data-doc='" + figure.dataset.doc + "']");
      if (same) same.selected = true;
    }
  }
  function choose(words, add) {
    var sameFigure = chosen.length && words.length && chosen[0].closest("figure") !== words[0].closest("figure");
    if (!add || sameFigure) chosen = [];
    words.forEach(function (w) {
      var i = chosen.indexOf(w);
      if (i >= 0) chosen.splice(i, 1); else chosen.push(w);
    });
    update();
  }
  pickButton.addEventListener("click", function () {
    render();
    var on = !vp.classList.contains("picking");
    vp.classList.toggle("picking", on);
    pickButton.classList.toggle("active", on);
    pickButton.setAttribute("aria-pressed", on ? "true" : "false");
    form.querySelector("[data-pick-help]").hidden = !on;
    if (on) vp.scrollIntoView({block: "nearest"});
  });
  keySelect.addEventListener("change", function () {
    var option = keySelect.options[keySelect.selectedIndex];
    form.querySelector("[data-new-doc]").value = option ? option.dataset.doc || "" : "";
  });

  // click a word to add or remove it; drag a rectangle to choose the words inside it
  var band = null;
  vp.addEventListener("mousedown", function (e) {
    if (!vp.classList.contains("picking") || e.button !== 0) return;
    var sheet = e.target.closest(".sheet");
    if (!sheet) return;
    e.preventDefault();
    var r = sheet.getBoundingClientRect();
    band = {sheet: sheet, x: e.clientX - r.left, y: e.clientY - r.top, el: document.createElement("div"), moved: false,
            word: e.target.classList.contains("word") ? e.target : null};
    band.el.className = "pick-band"; sheet.appendChild(band.el);
  });
  window.addEventListener("mousemove", function (e) {
    if (!band) return;
    var r = band.sheet.getBoundingClientRect(), x = e.clientX - r.left, y = e.clientY - r.top;
    if (Math.abs(x - band.x) + Math.abs(y - band.y) > 4) band.moved = true;
    band.rect = [Math.min(x, band.x), Math.min(y, band.y), Math.max(x, band.x), Math.max(y, band.y)];
    band.el.style.cssText = "left:" + band.rect[0] + "px;top:" + band.rect[1] + "px;width:" +
      (band.rect[2] - band.rect[0]) + "px;height:" + (band.rect[3] - band.rect[1]) + "px";
  });
  window.addEventListener("mouseup", function (e) {
    if (!band) return;
    var b = band; band = null; b.el.remove();
    if (!b.moved) { if (b.word) choose([b.word], true); return; }
    var r = b.sheet.getBoundingClientRect(), inside = [];
    b.sheet.querySelectorAll(".word").forEach(function (s) {
      var w = s.getBoundingClientRect(), cx = w.left + w.width / 2 - r.left, cy = w.top + w.height / 2 - r.top;
      if (cx >= b.rect[0] && cx <= b.rect[2] && cy >= b.rect[1] && cy <= b.rect[3]) inside.push(s);
    });
    choose(inside, false);
  });
})();
