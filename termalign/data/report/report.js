/* termalign report: tooltips, term highlighting, finding filters, row views and the clickable map.
   One delegated listener per event type (no per-row handlers), so a 20,000-row page stays light.
   Text is only ever inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var doc = document;
  var tip = doc.getElementById("tip");
  var rows = doc.getElementById("rows");
  var SEVERITY = { e: "error", w: "warning", i: "info" };
  var BUCKETS = ["below 0.2", "0.2–0.4", "0.4–0.6", "0.6–0.8", "0.8 or more"];

  function text(el) { return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; }

  /* ---------------------------------------------------------------- tooltip */
  var tipFor = null;
  function line(cls, value, tag) {
    var el = doc.createElement(tag || "div");
    if (cls) el.className = cls;
    el.textContent = value;
    return el;
  }
  function placeTip(r) {
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.max(8, Math.min(r.left, window.innerWidth - w - 8));
    var top = r.bottom + 8;
    if (top + h > window.innerHeight - 8) top = Math.max(8, r.top - h - 8);
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }
  function showTip(anchor, parts, x, y) {
    if (!tip) return;
    tip.textContent = "";
    parts.forEach(function (p) { if (p) tip.appendChild(p); });
    tip.hidden = false;
    placeTip(anchor ? anchor.getBoundingClientRect() : { left: x, right: x, top: y, bottom: y });
    tipFor = anchor;
  }
  function hideTip() { if (tip) tip.hidden = true; tipFor = null; }

  function termTip(mark) {
    var n = mark.getAttribute("data-t");
    var row = doc.getElementById("t" + n);
    if (!row) return;
    var src = text(row.cells[1].querySelector(".term"));
    var tgt = text(row.cells[2].querySelector(".term"));
    var facts = "score " + text(row.cells[3]) + " · seen " + text(row.cells[4]) + "×";
    var evidence = text(row.cells[5]);
    showTip(mark, [
      line("", src + " ↔ " + tgt, "b"),
      line("d", facts + (evidence ? " · " + evidence : "")),
      line("d", "click to highlight the pair")
    ]);
  }
  function findingTip(mark) {
    var n = mark.getAttribute("data-f");
    var row = doc.getElementById("f" + n);
    if (!row) return;
    var sev = text(row.cells[1]);
    var code = text(row.cells[2]);
    var msg = text(row.cells[4].querySelector(".msg"));
    var sugg = text(row.cells[5]);
    showTip(mark, [
      line("", sev + " · " + code, "b"),
      line("", msg),
      sugg ? line("g", "→ " + sugg) : null
    ]);
  }

  doc.addEventListener("mouseover", function (e) {
    var t = e.target;
    if (!(t instanceof Element)) return;
    var mark = t.closest("mark[data-t], mark[data-f]");
    if (!mark) { if (tipFor && tipFor !== mapSvg) hideTip(); return; }
    if (mark === tipFor) return;
    // A finding inside a term: the finding is the more specific, show it.
    if (mark.hasAttribute("data-f")) findingTip(mark); else termTip(mark);
  });
  // On scroll the tip follows its anchor, and goes when the anchor leaves the screen.
  window.addEventListener("scroll", function () {
    if (!tipFor || tipFor === mapSvg) return;
    var r = tipFor.getBoundingClientRect();
    if (r.bottom < 0 || r.top > window.innerHeight) hideTip(); else placeTip(r);
  }, { passive: true });

  /* ------------------------------------------------------- term highlighting */
  var selected = null;
  function clearTerm() {
    Array.prototype.forEach.call(doc.querySelectorAll("mark.on, mark.pt, tr.sel"), function (el) {
      el.classList.remove("on", "pt", "sel");
    });
    selected = null;
  }
  function selectTerm(n, row) {
    var key = n + "|" + (row ? row.id : "");
    var same = selected === key;
    clearTerm();
    if (same) return;
    selected = key;
    Array.prototype.forEach.call(doc.querySelectorAll('mark[data-t="' + n + '"]'), function (el) {
      el.classList.add("on");
    });
    if (row) {
      Array.prototype.forEach.call(row.querySelectorAll('mark[data-t="' + n + '"]'), function (el) {
        el.classList.add("pt");
      });
    }
    var tr = doc.getElementById("t" + n);
    if (tr) tr.classList.add("sel");
  }

  /* ------------------------------------------------------------ findings filter */
  var fcode = doc.getElementById("fcode");
  var fsev = doc.getElementById("fsev");
  var fq = doc.getElementById("fq");
  var fcount = doc.getElementById("fcount");
  var fnone = doc.getElementById("fnone");
  var ftable = doc.getElementById("ftable");
  var fcache = null;
  function filterFindings() {
    if (!ftable) return;
    var code = fcode ? fcode.value : "", sev = fsev ? fsev.value : "";
    var q = fq ? fq.value.trim().toLowerCase() : "";
    var trs = ftable.tBodies[0].rows;
    if (q && !fcache) {
      fcache = [];
      for (var k = 0; k < trs.length; k++) fcache.push(trs[k].textContent.toLowerCase());
    }
    var shown = 0;
    for (var i = 0; i < trs.length; i++) {
      var tr = trs[i];
      var ok = (!code || tr.getAttribute("data-c") === code) && (!sev || tr.getAttribute("data-s") === sev) &&
        (!q || fcache[i].indexOf(q) >= 0);
      tr.hidden = !ok;
      if (ok) shown++;
    }
    if (fcount) fcount.textContent = (shown === trs.length ? "" : shown + " of ") + trs.length + (trs.length === 1 ? " finding" : " findings");
    if (fnone) fnone.hidden = shown > 0;
  }
  [fcode, fsev].forEach(function (el) { if (el) el.addEventListener("change", filterFindings); });
  if (fq) fq.addEventListener("input", filterFindings);

  /* ----------------------------------------------------------------- row views */
  var view = doc.getElementById("view");
  function setView(v) {
    if (!rows) return;
    rows.classList.remove("v-hf", "v-lo", "v-u", "v-ht");
    if (v && v !== "all") rows.classList.add("v-" + v);
    if (view && view.value !== v) view.value = v;
  }
  if (view) view.addEventListener("change", function () { setView(view.value); });
  function reveal(id) {
    var el = doc.getElementById(id);
    if (el && el.classList.contains("r") && el.offsetParent === null) setView("all");
  }
  window.addEventListener("hashchange", function () {
    var id = location.hash.slice(1);
    if (/^b\d+$/.test(id)) {
      reveal(id);
      var el = doc.getElementById(id);
      if (el) el.scrollIntoView({ block: "start" });
    }
  });

  /* ---------------------------------------------------------------- the map */
  var mapSvg = doc.getElementById("mapsvg");
  var geom = null;
  var geomEl = doc.getElementById("geom");
  if (geomEl) {
    try { geom = JSON.parse(geomEl.textContent); } catch (err) { geom = null; }
  }
  var mids = null;
  function decode() {
    if (mids || !geom) return mids;
    var ds = geom.ds, dt = geom.dt, n = ds.length;
    var s = geom.s0.length ? geom.s0[0] : 0, t = geom.t0.length ? geom.t0[0] : 0;
    var sx = geom.size / Math.max(1, geom.ns), sy = geom.size / Math.max(1, geom.nt);
    mids = { x: new Float64Array(n), y: new Float64Array(n), ds: new Int32Array(n), dt: new Int32Array(n), s: new Int32Array(n), t: new Int32Array(n) };
    for (var i = 0; i < n; i++) {
      var a = +ds[i], b = +dt[i];
      mids.ds[i] = a; mids.dt[i] = b; mids.s[i] = s; mids.t[i] = t;
      mids.x[i] = (s + a / 2) * sx; mids.y[i] = (t + b / 2) * sy;
      s += a; t += b;
    }
    return mids;
  }
  function mapPoint(e) {
    var ctm = mapSvg.getScreenCTM();
    if (!ctm) return null;
    var p = mapSvg.createSVGPoint();
    p.x = e.clientX; p.y = e.clientY;
    return p.matrixTransform(ctm.inverse());
  }
  function nearestBead(e) {
    var m = decode(), p = mapPoint(e);
    if (!m || !p || !m.x.length) return -1;
    var best = -1, bestD = Infinity;
    for (var i = 0; i < m.x.length; i++) {
      var dx = m.x[i] - p.x, dy = m.y[i] - p.y, d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = i; }
    }
    return best;
  }
  function range(start, count) {
    if (!count) return "none";
    return count === 1 ? String(start + 1) : (start + 1) + "–" + (start + count);
  }
  var pending = null;
  if (mapSvg && geom) {
    mapSvg.addEventListener("mousemove", function (e) {
      pending = e;
      window.requestAnimationFrame(function () {
        if (!pending) return;
        var ev = pending; pending = null;
        var i = nearestBead(ev);
        if (i < 0) return;
        var m = mids, q = geom.q.charAt(i);
        showTip(null, [
          line("", "bead " + (i + 1) + " · " + m.ds[i] + "-" + m.dt[i], "b"),
          line("d", "source " + range(m.s[i], m.ds[i]) + " · target " + range(m.t[i], m.dt[i])),
          line("d", q === "u" ? "no counterpart" : "confidence " + BUCKETS[+q]),
          line("d", "click to open the row")
        ], ev.clientX + 12, ev.clientY + 4);
        tipFor = mapSvg;
      });
    });
    mapSvg.addEventListener("mouseleave", function () { pending = null; hideTip(); });
    mapSvg.addEventListener("click", function (e) {
      var target = e.target instanceof Element ? e.target.closest("[data-b]") : null;
      var n = target ? +target.getAttribute("data-b") : nearestBead(e) + 1;
      if (n > 0) go("b" + n);
    });
  }
  function go(id) {
    reveal(id);
    if (location.hash === "#" + id) {
      var el = doc.getElementById(id);
      if (el) el.scrollIntoView({ block: "start" });
    } else {
      location.hash = id;
    }
  }

  /* ----------------------------------------------------------------- clicks */
  doc.addEventListener("click", function (e) {
    var t = e.target;
    if (!(t instanceof Element)) return;
    var mark = t.closest("mark[data-t]");
    if (mark) {
      selectTerm(mark.getAttribute("data-t"), mark.closest(".r"));
      return;
    }
    var code = t.closest("button[data-code]");
    if (code && fcode) {
      fcode.value = code.getAttribute("data-code");
      if (fsev) fsev.value = "";
      filterFindings();
      doc.getElementById("findings").scrollIntoView({ block: "start" });
      return;
    }
    var v = t.closest("a[data-view]");
    if (v) { setView(v.getAttribute("data-view")); return; }
    var link = t.closest('a[href^="#b"]');
    if (link) { reveal(link.getAttribute("href").slice(1)); return; }
    var pair = t.closest("#ttable tbody tr");
    if (pair && !t.closest("a")) selectTerm(pair.getAttribute("data-t"), null);
  });
  doc.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { clearTerm(); hideTip(); }
  });
})();
