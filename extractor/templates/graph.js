/* The knowledge graph view. Every string from the data is put on the page as text
   (textContent, createTextNode), never as markup; links only for http(s) and file URLs. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var SHAPES = { model: "dot", org: "diamond", benchmark: "square", channel: "triangle" };
  var KIND_NAMES = { model: "models", org: "organizations", benchmark: "benchmarks", channel: "channels" };

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function norm(s) {
    return String(s).normalize("NFKC").toLowerCase().replace(/[\s\-\u2010-\u2015\u2212._\/]+/g, "");
  }

  function safeLink(url, text) {
    var u;
    try { u = new URL(url); } catch (e) { return null; }
    if (["http:", "https:", "file:"].indexOf(u.protocol) < 0) return null;
    var a = el("a", { target: "_blank", rel: "noopener noreferrer" }, String(text || url));
    a.href = u.href;
    return a;
  }

  function badge(kind) {
    var b = el("span", { "class": "kind" }, String(kind));
    b.style.background = data.colors[kind] || "#999";
    return b;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return {
      id: n.id, label: n.label, value: n.value, shape: SHAPES[n.kind] || "dot",
      color: { background: data.colors[n.kind] || "#999", border: "#333",
               highlight: { background: "#ffd54f", border: "#333" } },
      font: { color: "#222" }
    };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return {
      id: e.id, from: e.from, to: e.to, value: e.value,
      color: { color: data.edgeColors[e.kind] || "#bbb", highlight: data.edgeColors[e.kind] || "#bbb",
               hover: data.edgeColors[e.kind] || "#bbb", opacity: 0.7 },
      arrows: { to: { enabled: e.kind !== "competitor-of", scaleFactor: 0.5 } },
      dashes: e.kind === "variant-of"
    };
  }));

  // What is shown: on opening, an overview of the models, the most connected first
  // (OVERVIEW of them), with their labels readable; filters by kind, developer and launch
  // year; the full graph on demand; a search shows any node, hidden or not.
  var OVERVIEW = 40;
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var filter = { kinds: { model: true }, developer: "", year: "", full: false, extra: {} };
  var shownIds = {};

  function recompute() {
    var pool = data.nodes.filter(function (n) {
      return filter.kinds[n.kind] && (!filter.developer || n.kind !== "model" || n.developer === filter.developer) &&
        (!filter.year || n.kind !== "model" || n.year === filter.year);
    });
    if (!filter.full) {
      pool = pool.slice().sort(function (a, b) { return b.degree - a.degree || b.value - a.value; }).slice(0, OVERVIEW);
    }
    shownIds = {};
    pool.forEach(function (n) { shownIds[n.id] = true; });
    Object.keys(filter.extra).forEach(function (id) { shownIds[id] = true; });
  }
  recompute();
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !!shownIds[n.id]; } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return !!(shownIds[e.from] && shownIds[e.to]); } });

  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, {
    nodes: { scaling: { min: 8, max: 40, label: { enabled: true, min: 12, max: 22 } }, font: { size: 13 } },
    edges: { smooth: false, scaling: { min: 1, max: 6 } },
    physics: {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -150, springLength: 170, avoidOverlap: 0.9 },
      stabilization: { iterations: data.nodes.length > 1000 ? 100 : 300, fit: true }
    },
    interaction: { hover: true },
    layout: { randomSeed: 7, improvedLayout: Object.keys(shownIds).length < 100 }
  });

  var view = { network: network, nodes: nodes, edges: edges, ready: false, shown: null,
               visible: function () { return nodeView.getIds(); } };
  window.extractorView = view;

  function refresh() {
    recompute();
    nodeView.refresh();
    edgeView.refresh();
    if (view.ready) { network.setOptions({ physics: { enabled: true } }); network.stabilize(150); }
    summary();
  }
  network.on("stabilized", function () { if (view.ready) { network.setOptions({ physics: false }); network.fit(); } });

  function finish() {
    if (view.ready) return;
    network.setOptions({ physics: false });
    network.fit();
    view.ready = true;
  }
  network.once("stabilizationIterationsDone", finish);
  if (data.nodes.length === 0) finish();

  var panel = document.getElementById("panel");
  var results = document.getElementById("results");
  var search = document.getElementById("search");
  var count = document.getElementById("count");

  function nodeButton(id, text) {
    var b = el("button", { type: "button", "class": "nodelink" }, String(text));
    b.addEventListener("click", function () { select(id); });
    return b;
  }

  function item(it) {
    var li = el("li", it.current ? { "class": "current" } : {});
    if (it.node && data.details[it.node] && !it.current) li.appendChild(nodeButton(it.node, it.text));
    else li.appendChild(document.createTextNode(String(it.text)));
    if (it.date) li.appendChild(el("span", { "class": "meta" }, " \u00b7 " + it.date));
    if (it.quote) li.appendChild(el("blockquote", {}, String(it.quote)));
    var link = it.url ? safeLink(it.url, it.source || it.url) : null;
    if (link) li.appendChild(el("div", { "class": "meta" }, "source: ", link));
    else if (it.links && it.links.length) {
      var meta = el("div", { "class": "meta" }, it.links.length > 1 ? "sources: " : "source: ");
      it.links.forEach(function (l, i) {
        var a = safeLink(l[0], l[1]);
        if (!a) return;
        if (i) meta.appendChild(document.createTextNode("; "));
        meta.appendChild(a);
      });
      if (it.source) meta.appendChild(document.createTextNode(" " + it.source));
      li.appendChild(meta);
    } else if (it.source) li.appendChild(el("div", { "class": "meta" }, "source: " + it.source));
    return li;
  }

  function show(id) {
    var d = data.details[id];
    if (!d) return;
    panel.replaceChildren(el("h2", {}, String(d.title), badge(d.kind)));
    if (d.fields.length) {
      var dl = el("dl", {});
      d.fields.forEach(function (f) { dl.appendChild(el("dt", {}, f[0])); dl.appendChild(el("dd", {}, f[1])); });
      panel.appendChild(dl);
    }
    d.sections.forEach(function (s) {
      panel.appendChild(el("h3", {}, s.title));
      var ul = el("ul", {});
      s.items.forEach(function (it) { ul.appendChild(item(it)); });
      panel.appendChild(ul);
    });
    view.shown = id;
  }

  function select(id) {
    if (!data.details[id]) return;
    if (!shownIds[id]) { filter.extra[id] = true; refresh(); }  // a hidden node asked for by name
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
    show(id);
  }
  view.select = select;
  view.show = function (id) { network.selectNodes([id]); show(id); };  // without moving the view

  network.on("click", function (params) {
    if (params.nodes.length) show(params.nodes[0]);
  });

  function matches(query) {
    var q = norm(query);
    if (!q) return [];
    var found = data.nodes.filter(function (n) { return norm(n.search).indexOf(q) >= 0; });
    found.sort(function (a, b) {
      var pa = norm(a.label).indexOf(q) === 0 ? 0 : 1, pb = norm(b.label).indexOf(q) === 0 ? 0 : 1;
      return pa - pb || (a.kind === "model" ? 0 : 1) - (b.kind === "model" ? 0 : 1) || b.value - a.value;
    });
    return found;
  }
  view.matches = function (query) { return matches(query).map(function (n) { return n.id; }); };

  function summary() {
    count.textContent = Object.keys(data.counts).filter(function (k) { return data.counts[k]; })
      .map(function (k) { return data.counts[k] + " " + KIND_NAMES[k]; }).join(" \u00b7 ") +
      " \u00b7 " + data.stats.facts + " facts from " + data.stats.articles + " articles" +
      " \u00b7 showing " + Object.keys(shownIds).length;
  }

  function onSearch() {
    var query = search.value;
    results.replaceChildren();
    if (!norm(query)) { results.hidden = true; network.unselectAll(); summary(); return; }
    var found = matches(query);
    count.textContent = found.length + (found.length === 1 ? " match" : " matches");
    found.slice(0, 20).forEach(function (n) {
      var b = el("button", { type: "button" }, n.label, badge(n.kind));
      b.addEventListener("click", function () { select(n.id); });
      results.appendChild(el("li", {}, b));
    });
    if (!found.length) results.appendChild(el("li", { "class": "none" }, "nothing matches"));
    results.hidden = false;
    network.selectNodes(found.map(function (n) { return n.id; }).filter(function (id) { return shownIds[id]; }));
  }
  search.addEventListener("input", onSearch);
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var found = matches(search.value);
    if (found.length) select(found[0].id);
  });

  var kindsBox = document.getElementById("kinds");
  Object.keys(KIND_NAMES).forEach(function (k) {
    var box = el("input", { type: "checkbox", value: k });
    box.checked = !!filter.kinds[k];
    box.addEventListener("change", function () { filter.kinds[k] = box.checked; refresh(); });
    kindsBox.appendChild(el("label", {}, box, " " + KIND_NAMES[k]));
  });
  function options(select, values) {
    values.forEach(function (v) { select.appendChild(el("option", { value: v }, v)); });
    select.addEventListener("change", function () { filter[select.id] = select.value; refresh(); });
  }
  function distinct(key) {
    var seen = {};
    data.nodes.forEach(function (n) { if (n.kind === "model" && n[key]) seen[n[key]] = true; });
    return Object.keys(seen).sort();
  }
  options(document.getElementById("developer"), distinct("developer"));
  options(document.getElementById("year"), distinct("year").reverse());
  var fullButton = document.getElementById("full");
  fullButton.addEventListener("click", function () {
    filter.full = !filter.full;
    if (filter.full) Object.keys(KIND_NAMES).forEach(function (k) { filter.kinds[k] = true; });
    Array.prototype.forEach.call(kindsBox.querySelectorAll("input"), function (b) { b.checked = !!filter.kinds[b.value]; });
    fullButton.textContent = filter.full ? "Back to the overview" : "Show the full graph";
    refresh();
  });
  view.filter = filter;
  view.refresh = refresh;

  var legend = document.getElementById("legend");
  Object.keys(data.colors).forEach(function (k) {
    var dot = el("span", { "class": "dot" });
    dot.style.background = data.colors[k];
    legend.appendChild(dot);
    legend.appendChild(document.createTextNode(KIND_NAMES[k] + " (" + (data.counts[k] || 0) + ")"));
  });
  summary();
})();
