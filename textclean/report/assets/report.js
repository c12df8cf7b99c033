(function () {
"use strict";
var IDX = JSON.parse(document.getElementById("tc-index").textContent);
var CL = IDX.cleaners, RS = IDX.reasons, ROWS = IDX.docs, PAGE = IDX.page;
var $ = function (id) { return document.getElementById(id); };
function h(tag, attrs) {
  var el = document.createElement(tag);
  if (attrs) for (var k in attrs) {
    var v = attrs[k];
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v; else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (var i = 2; i < arguments.length; i++) {
    var c = arguments[i];
    if (c === null || c === undefined) continue;
    el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
  return el;
}
function fmt(n) { return Number(n).toLocaleString("en-US"); }
function plural(n, word) { return fmt(n) + " " + word + (n === 1 ? "" : "s"); }
// A long name shortened in its middle: the end (the file name) and the start stay readable.
function middle(s, max) {
  if (s.length <= max) return s;
  var tail = Math.ceil((max - 1) * 0.55);
  return s.slice(0, max - 1 - tail) + "\u2026" + s.slice(s.length - tail);
}
var ZW = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
// Whitespace-only spans would be invisible: show their characters as symbols.
function visible(s) {
  if (s.trim() !== "") return s.replace(ZW, "\u25cc");
  return s.replace(/\r/g, "CR").replace(/ /g, "\u00b7").replace(/\u00a0/g, "\u237d").replace(/\t/g, "\u2192").replace(/\n/g, "\u21b5").replace(ZW, "\u25cc");
}
function visibleFlat(s, max) {
  var t = s.replace(/\r/g, "CR").replace(/\n/g, "\u21b5").replace(/\t/g, "\u2192").replace(/\u00a0/g, "\u237d").replace(ZW, "\u25cc");
  t = t.replace(/ {2,}|^ +| +$/g, function (m) { return m.replace(/ /g, "\u00b7"); });
  if (t.length > max) t = t.slice(0, max - 1) + "\u2026";
  return t === "" ? "\u2205" : t;
}

var state = { cur: -1, page: 0, filter: "all", sort: "input", query: "", sbs: false, fold: false,
  active: {}, view: [], order: [], pos: -1, anchors: null, doc: null };
CL.forEach(function (_, i) { state.active[i] = true; });
var cache = {}, cacheKeys = [];
function getDoc(i) {
  if (cache[i]) return cache[i];
  var d = JSON.parse($("d" + i).textContent);
  cache[i] = d; cacheKeys.push(i);
  if (cacheKeys.length > 12) delete cache[cacheKeys.shift()];
  return d;
}
var rawLower = [];
function raw(i) {
  if (rawLower[i] === undefined) rawLower[i] = $("d" + i).textContent.toLowerCase();
  return rawLower[i];
}
// The query escaped exactly as the embedded JSON is, so it can be matched against it.
function jsonEsc(s) {
  return JSON.stringify(s).slice(1, -1).replace(/</g, "\\u003c").replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026").replace(/\//g, "\\/").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

// ---- filter select
(function () {
  var f = $("filter");
  function opt(v, t) { f.appendChild(h("option", { value: v }, t)); }
  opt("all", "all documents"); opt("changed", "changed"); opt("unchanged", "unchanged");
  opt("skipped", "skipped");
  CL.forEach(function (name, i) { opt("c:" + i, "edited by " + name); });
  IDX.bins.forEach(function (b, i) { opt("bin:" + i, i === 0 ? "nothing removed" : b + "% removed"); });
})();

function matches(i) {
  var r = ROWS[i], f = state.filter;
  if (f === "changed" && !(r[3] > 0 && !r[6])) return false;
  if (f === "unchanged" && (r[3] > 0 || r[6])) return false;
  if (f === "skipped" && !r[6]) return false;
  if (f.indexOf("c:") === 0 && !r[5][f.slice(2)]) return false;
  if (f.indexOf("bin:") === 0 && r[7] !== +f.slice(4)) return false;
  if (state.query) {
    var q = state.query.toLowerCase();
    if (r[0].toLowerCase().indexOf(q) < 0 && raw(i).indexOf(jsonEsc(q)) < 0 &&
        !(r[6] && r[6].toLowerCase().indexOf(q) >= 0) &&
        !r[8].some(function (x) { return reasonHits[x]; })) return false;
  }
  return true;
}
var reasonHits = {};
function rebuild(keepPage) {
  var v = [], q = state.query.toLowerCase();
  reasonHits = {};
  if (q) RS.forEach(function (t, x) { if (t.toLowerCase().indexOf(q) >= 0) reasonHits[x] = true; });
  for (var i = 0; i < ROWS.length; i++) if (matches(i)) v.push(i);
  var s = state.sort;
  if (s === "edits") v.sort(function (a, b) { return ROWS[b][3] - ROWS[a][3] || a - b; });
  else if (s === "share") v.sort(function (a, b) { return ROWS[b][4] - ROWS[a][4] || a - b; });
  else if (s === "name") v.sort(function (a, b) { return ROWS[a][0] < ROWS[b][0] ? -1 : ROWS[a][0] > ROWS[b][0] ? 1 : a - b; });
  state.view = v;
  if (!keepPage) {
    var at = v.indexOf(state.cur);
    state.page = at >= 0 ? Math.floor(at / PAGE) : 0;
  }
  renderList();
  if (v.length && v.indexOf(state.cur) < 0) select(v[0]);
  else if (!v.length) select(-1);
  else renderDoc();
}
function renderList() {
  var v = state.view, pages = Math.max(1, Math.ceil(v.length / PAGE));
  state.page = Math.min(state.page, pages - 1);
  var from = state.page * PAGE, to = Math.min(v.length, from + PAGE);
  var ol = $("rows"); ol.textContent = "";
  for (var k = from; k < to; k++) {
    var i = v[k], r = ROWS[i];
    var meta = r[6] ? h("span", { class: "er" }, "skipped") :
      h("span", null, fmt(r[3]) + " edit" + (r[3] === 1 ? "" : "s") + " \u00b7 " + (r[4] * 100).toFixed(1) + "% removed");
    var bar = h("span", { class: "sb" }, h("i", { style: "width:" + Math.round(r[4] * 100) + "%" }));
    ol.appendChild(h("li", null, h("a", { href: "#d=" + i, "data-i": i, "aria-current": i === state.cur ? "true" : "false", title: r[0] },
      h("span", { class: "nm" }, middle(r[0], 30)), h("span", { class: "mt" }, r[6] ? null : bar, meta))));
  }
  $("count").textContent = fmt(v.length) + " of " + plural(ROWS.length, "document");
  $("pg-label").textContent = v.length ? fmt(from + 1) + "\u2013" + fmt(to) + " of " + fmt(v.length) : "none";
  $("pg-prev").disabled = state.page === 0; $("pg-next").disabled = state.page >= pages - 1;
}
$("rows").addEventListener("click", function (ev) {
  var a = ev.target.closest("a[data-i]"); if (!a) return;
  ev.preventDefault(); select(+a.getAttribute("data-i"));
});
$("pg-prev").addEventListener("click", function () { state.page--; renderList(); });
$("pg-next").addEventListener("click", function () { state.page++; renderList(); });

function select(i) {
  state.cur = i; state.pos = -1;
  if (i >= 0) {
    var at = state.view.indexOf(i);
    if (at >= 0) state.page = Math.floor(at / PAGE);
    try { history.replaceState(null, "", "#d=" + i); } catch (e) { /* file: URLs in some browsers */ }
  }
  renderList(); renderDoc();
}
function stepDoc(delta) {
  var v = state.view, at = v.indexOf(state.cur);
  if (!v.length) return;
  var n = at < 0 ? 0 : Math.min(v.length - 1, Math.max(0, at + delta));
  if (v[n] !== state.cur) { select(v[n]); $("viewer").scrollIntoView({ block: "start" }); }
}

// ---- chips
function renderChips(d) {
  var box = $("chips"); box.textContent = "";
  var counts = {};
  if (d) d.e.forEach(function (e) { counts[e[0]] = (counts[e[0]] || 0) + 1; });
  CL.forEach(function (name, i) {
    if (!counts[i]) return;
    box.appendChild(h("button", { type: "button", class: "chip c" + i, "data-c": i, "aria-pressed": state.active[i] ? "true" : "false",
      title: "Show or hide the edits of " + name }, h("span", { class: "dot" }), name, h("span", { class: "n" }, fmt(counts[i]))));
  });
}
$("chips").addEventListener("click", function (ev) {
  var b = ev.target.closest(".chip"); if (!b) return;
  var c = +b.getAttribute("data-c"); state.active[c] = !state.active[c];
  renderDoc();
});

// ---- the document
function renderDoc() {
  hideTip();
  var i = state.cur, r = ROWS[i];
  var to = $("text-o"), tc = $("text-c"), el = $("elist");
  to.textContent = ""; tc.textContent = ""; el.textContent = "";
  if (i < 0 || !r) {
    $("vpath").textContent = "No document matches"; $("vstats").textContent = ""; $("chips").textContent = "";
    $("verror").hidden = true; $("editpos").textContent = "\u2013"; $("ecount").textContent = ""; state.order = []; return;
  }
  var d = getDoc(i); state.doc = d;
  $("vpath").textContent = r[0];
  $("vstats").textContent = fmt(r[1]) + " \u2192 " + fmt(r[2]) + " bytes \u00b7 " + fmt(r[3]) + " edit" + (r[3] === 1 ? "" : "s") +
    " \u00b7 " + (r[4] * 100).toFixed(1) + "% removed \u00b7 document " + fmt(state.view.indexOf(i) + 1) + " of " + fmt(state.view.length);
  $("verror").hidden = !r[6]; $("verror").textContent = r[6] ? "Skipped: " + r[6] : "";
  renderChips(d);
  var res = annotate(d);
  to.appendChild(res.frag);
  tc.appendChild(document.createTextNode(d.c !== undefined ? d.c : d.o));
  state.anchors = res.anchors;
  state.order = res.order;
  // a run of identical edits (the same cleaner, reason, text and replacement, one after
  // another) is one line of the list, "\u00d7N", which goes to the first of them
  var runs = [];
  res.order.forEach(function (k, n) {
    var e = d.e[k], before = e[5] !== null ? e[5] : d.o.slice(e[2], e[3]);
    var key = e[0] + "\u0000" + e[1] + "\u0000" + before + "\u0000" + e[4];
    var last = runs[runs.length - 1];
    if (last && last.key === key) { last.count++; return; }
    runs.push({ key: key, k: k, n: n, e: e, before: before, count: 1 });
  });
  runs.forEach(function (g) {
    el.appendChild(h("li", null, h("button", { type: "button", class: "c" + g.e[0], "data-k": g.k, "data-n": g.n },
      h("span", { class: "why" }, h("span", { class: "cl" }, CL[g.e[0]]), RS[g.e[1]],
        g.count > 1 ? h("span", { class: "times" }, " \u00d7" + g.count) : null),
      h("code", null, visibleFlat(g.before, 90)), " \u2192 ", h("code", null, visibleFlat(g.e[4], 60)))));
  });
  $("ecount").textContent = res.order.length + (res.order.length !== d.e.length ? " of " + d.e.length : "");
  $("editpos").textContent = res.order.length ? "\u2013 / " + res.order.length : "no edits";
  setSbs(state.sbs);
  if (state.query) highlight(state.query);
}
function annotate(d) {
  var o = d.o, E = d.e, frag = document.createDocumentFragment(), parent = frag;
  var blocks = d.b.filter(function (b) { return b[3].some(function (c) { return state.active[c]; }); });
  var bi = 0, open = null, anchors = {}, order = [];
  function sync(pos) {
    if (open && pos >= open[1]) { parent = frag; open = null; }
    while (!open && bi < blocks.length && pos >= blocks[bi][0]) {
      var b = blocks[bi++]; if (pos >= b[1]) continue;
      open = b;
      var c = b[3][0];
      var names = b[3].map(function (x) { return CL[x]; }).join(", ");
      var body = h("span", { class: "blk-body" });
      var btn = h("button", { type: "button", class: "blk-t", "aria-expanded": state.fold ? "false" : "true",
        title: "Fold or unfold this removed block" }, (state.fold ? "\u25b8 " : "\u25be ") + b[2] + " removed lines \u00b7 " + names);
      frag.appendChild(h("span", { class: "blk c" + c + (state.fold ? " closed" : "") }, btn, body));
      parent = body;
    }
  }
  function text(a, b) {
    while (a < b) {
      sync(a);
      var lim = b;
      if (open) lim = Math.min(b, open[1]); else if (bi < blocks.length) lim = Math.min(b, Math.max(a + 1, blocks[bi][0]));
      parent.appendChild(document.createTextNode(o.slice(a, lim)));
      a = lim;
    }
  }
  var cursor = 0;
  d.s.forEach(function (s) {
    var es = s[2].filter(function (k) { return state.active[E[k][0]]; });
    if (!es.length) return;
    text(cursor, s[0]); sync(s[0]);
    var breaks = "";
    if (s[1] > s[0]) {
      var top = E[es[es.length - 1]], rm = es.some(function (k) { return E[k][6] & 1; });
      var t = o.slice(s[0], s[1]);
      // Whitespace shows as symbols (on one line, so insertions stand beside it); the
      // original's line breaks follow, so the text keeps its layout.
      if (t.trim() === "") breaks = t.replace(/[^\n]/g, "");
      var span = h("span", { class: "ed c" + top[0] + (rm ? " rm" : " rp"), "data-e": es.join(",") }, visible(t));
      es.forEach(function (k) { if (!(k in anchors)) { anchors[k] = span; order.push(k); } });
      parent.appendChild(span);
    }
    es.forEach(function (k) {
      var e = E[k];
      if (e[3] !== s[1] || e[2] > s[0] || (s[1] === s[0] && e[2] !== e[3])) return;
      if (e[4] === "" && e[2] !== e[3]) return;
      var ins = h("ins", { class: "ins c" + e[0] + (e[6] & 2 ? " sup" : ""), "data-e": String(k) }, e[4] === "" ? "\u2205" : visible(e[4]));
      if (!(k in anchors)) { anchors[k] = ins; order.push(k); }
      parent.appendChild(ins);
    });
    if (breaks) parent.appendChild(document.createTextNode(breaks));
    cursor = Math.max(cursor, s[1]);
  });
  text(cursor, o.length);
  sync(o.length + 1);
  order.sort(function (a, b) { return E[a][2] - E[b][2] || a - b; });
  // Several edits may start on the same piece of text: it anchors them all (data-anchor).
  order.forEach(function (k) {
    var a = anchors[k], had = a.getAttribute("data-anchor");
    a.setAttribute("data-anchor", had === null ? String(k) : had + " " + k);
    if (had === null) { a.setAttribute("tabindex", "0"); a.id = "edit-" + k; }
  });
  return { frag: frag, anchors: anchors, order: order };
}

// ---- edits: focus, tooltip, navigation
var tip = $("tip"), tipFor = null;
function showTip(el, focusK) {
  var d = state.doc; if (!d || !el.getAttribute("data-e")) return;
  tip.textContent = "";
  el.getAttribute("data-e").split(",").forEach(function (ks) {
    var k = +ks, e = d.e[k], before = e[5] !== null ? e[5] : d.o.slice(e[2], e[3]);
    tip.appendChild(h("div", { class: "row c" + e[0] }, h("span", { class: "cl" }, CL[e[0]]), RS[e[1]],
      h("div", null, h("code", null, visibleFlat(before, 160)), " \u2192 ", h("code", null, visibleFlat(e[4], 120)))));
  });
  tip.hidden = false; tipFor = el;
  placeTip();
}
function placeTip() {
  if (!tipFor) return;
  var r = tipFor.getBoundingClientRect(), tw = tip.offsetWidth, th = tip.offsetHeight;
  if (r.bottom < 0 || r.top > window.innerHeight) { hideTip(); return; }
  var x = Math.max(8, Math.min(window.innerWidth - tw - 8, r.left));
  var y = r.bottom + 6; if (y + th > window.innerHeight - 8) y = Math.max(8, r.top - th - 6);
  tip.style.left = x + "px"; tip.style.top = y + "px";
}
function hideTip() { tip.hidden = true; tipFor = null; }
var panes = $("panes");
panes.addEventListener("mouseover", function (ev) { var t = ev.target.closest("[data-e]"); if (t && t !== tipFor) showTip(t); });
panes.addEventListener("mouseout", function (ev) { var t = ev.target.closest("[data-e]"); if (t && !t.contains(ev.relatedTarget) && document.activeElement !== t) hideTip(); });
panes.addEventListener("focusin", function (ev) { var t = ev.target.closest("[data-e]"); if (t) showTip(t); });
panes.addEventListener("focusout", function () { hideTip(); });
// A tooltip follows its edit when the page scrolls (scrolling to an edit must not hide it).
window.addEventListener("scroll", placeTip, { passive: true });
window.addEventListener("resize", placeTip);
$("text-o").addEventListener("click", function (ev) {
  var b = ev.target.closest(".blk-t"); if (b) { toggleBlock(b.parentNode); return; }
  var t = ev.target.closest("[data-e]"); if (!t) return;
  var ks = t.getAttribute("data-e").split(",").map(Number), n = state.order.indexOf(ks[ks.length - 1]);
  if (n >= 0) { state.pos = n; markCurrent(); }
});
function toggleBlock(blk, open) {
  var closed = open === undefined ? !blk.classList.contains("closed") : !open;
  blk.classList.toggle("closed", closed);
  var b = blk.querySelector(".blk-t");
  b.setAttribute("aria-expanded", closed ? "false" : "true");
  b.textContent = (closed ? "\u25b8" : "\u25be") + b.textContent.slice(1);
}
$("elist").addEventListener("click", function (ev) {
  var b = ev.target.closest("button[data-n]"); if (b) goEdit(+b.getAttribute("data-n"));
});
function markCurrent() {
  var old = document.querySelectorAll(".cur"); for (var j = 0; j < old.length; j++) old[j].classList.remove("cur");
  var k = state.order[state.pos]; if (k === undefined) return;
  var a = state.anchors[k]; a.classList.add("cur");
  var li = $("elist").querySelector('button[data-k="' + k + '"]');
  if (li) { li.classList.add("cur"); li.scrollIntoView({ block: "nearest" }); }
  $("editpos").textContent = (state.pos + 1) + " / " + state.order.length;
}
function goEdit(n) {
  if (!state.order.length) return;
  state.pos = (n + state.order.length) % state.order.length;
  var a = state.anchors[state.order[state.pos]];
  var blk = a.closest(".blk"); if (blk && blk.classList.contains("closed")) toggleBlock(blk, true);
  markCurrent();
  a.scrollIntoView({ block: "center" });
  a.focus({ preventScroll: true });
  showTip(a);
}
$("edit-next").addEventListener("click", function () { goEdit(state.pos + 1); });
$("edit-prev").addEventListener("click", function () { goEdit(state.pos < 0 ? -1 : state.pos - 1); });
$("doc-prev").addEventListener("click", function () { stepDoc(-1); });
$("doc-next").addEventListener("click", function () { stepDoc(1); });

// ---- views
function setSbs(on) {
  state.sbs = on;
  $("toggle-sbs").setAttribute("aria-pressed", on ? "true" : "false");
  $("pane-c").hidden = !on; panes.classList.toggle("sbs", on);
  $("pane-o-h").textContent = on ? "Original (before), edits marked" : "Original, edits marked in place";
}
$("toggle-sbs").addEventListener("click", function () { setSbs(!state.sbs); });
function setFold(on) {
  state.fold = on; $("toggle-blocks").setAttribute("aria-pressed", on ? "true" : "false");
  var bs = document.querySelectorAll("#text-o .blk"); for (var j = 0; j < bs.length; j++) toggleBlock(bs[j], !on);
}
$("toggle-blocks").addEventListener("click", function () { setFold(!state.fold); });

// ---- search
function highlight(q) {
  q = q.toLowerCase();
  ["text-o", "text-c"].forEach(function (id) {
    var root = $(id), walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), nodes = [], n;
    while ((n = walker.nextNode())) if (!n.parentNode.closest(".blk-t")) nodes.push(n);
    var count = 0;
    nodes.forEach(function (node) {
      var t = node.data, lower = t.toLowerCase();
      if (lower.length !== t.length || count > 2000) return;
      var at = lower.indexOf(q); if (at < 0) return;
      var f = document.createDocumentFragment(), pos = 0;
      while (at >= 0) {
        f.appendChild(document.createTextNode(t.slice(pos, at)));
        f.appendChild(h("mark", null, t.slice(at, at + q.length)));
        pos = at + q.length; count++; at = lower.indexOf(q, pos);
      }
      f.appendChild(document.createTextNode(t.slice(pos)));
      node.parentNode.replaceChild(f, node);
    });
  });
}
var timer = null;
$("q").addEventListener("input", function () {
  clearTimeout(timer);
  timer = setTimeout(function () { state.query = $("q").value.trim(); rebuild(); }, ROWS.length > 2000 ? 300 : 120);
});
$("filter").addEventListener("change", function () { state.filter = $("filter").value; rebuild(); });
$("sort").addEventListener("change", function () { state.sort = $("sort").value; rebuild(); });
document.addEventListener("click", function (ev) {
  var g = ev.target.closest && ev.target.closest("[data-filter]");
  if (g) { applyFilter(g.getAttribute("data-filter")); return; }
  var q = ev.target.closest && ev.target.closest("[data-q]");
  if (q) { $("q").value = q.getAttribute("data-q"); state.query = $("q").value; rebuild(); $("documents").scrollIntoView({ block: "start" }); }
});
function applyFilter(f) { $("filter").value = f; state.filter = f; rebuild(); $("documents").scrollIntoView({ block: "start" }); }

// ---- keyboard
document.addEventListener("keydown", function (ev) {
  var t = ev.target, typing = t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA");
  if (ev.key === "Escape") { hideTip(); if (typing) t.blur(); return; }
  if (ev.target.closest && ev.target.closest("[data-filter]") && (ev.key === "Enter" || ev.key === " ")) {
    ev.preventDefault(); applyFilter(ev.target.closest("[data-filter]").getAttribute("data-filter")); return;
  }
  if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  var k = ev.key;
  if (k === "j" || k === "n") goEdit(state.pos + 1);
  else if (k === "k" || k === "p") goEdit(state.pos < 0 ? -1 : state.pos - 1);
  else if (k === "]") stepDoc(1);
  else if (k === "[") stepDoc(-1);
  else if (k === "s") setSbs(!state.sbs);
  else if (k === "c") setFold(!state.fold);
  else if (k === "/") $("q").focus();
  else return;
  ev.preventDefault();
});

var m = /^#d=(\d+)$/.exec(location.hash), start = m ? +m[1] : 0;
state.cur = start < ROWS.length ? start : 0;
rebuild();
})();
