/* seccoop graph page: draws the network, legend, filters and details panels from the JSON data
 * block. Text that came from articles is only ever placed with textContent or DOM properties
 * (never innerHTML), and only validated http(s) addresses become links. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("seccoop-data").textContent);
  var DIM_NODE = "#e4e4e4";
  var DIM_EDGE = "#ececec";
  var DIM_LABEL = "#b8b8b8";
  var LABEL = "#222222";
  var GLYPHS = { dot: "\u25CF", diamond: "\u25C6", square: "\u25A0", triangle: "\u25B2",
                 triangleDown: "\u25BC", star: "\u2605", hexagon: "\u2B22" };
  var BIG_GRAPH_EDGES = 3000;

  var nodeById = {};
  var edgeById = {};
  var edgesOfNode = {};
  var eventCount = {};
  var directed = {};
  var state = { types: {}, from: 0, to: 0, undated: true, highlighted: null,
                hiddenNodes: {}, hiddenEdges: {} };

  // ---- small DOM and text helpers ------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function byId(id) { return document.getElementById(id); }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  /** The address as a string when it is an absolute http(s) URL, otherwise null. */
  function safeHttpUrl(value) {
    if (typeof value !== "string") { return null; }
    var url;
    try { url = new URL(value); } catch (e) { return null; }
    return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
  }

  function monthLabel(key) {
    var month = key % 12 + 1;
    return Math.floor(key / 12) + "-" + (month < 10 ? "0" : "") + month;
  }

  function formatNumber(value) {
    return Math.round(value).toLocaleString("en-US");
  }

  function normalize(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function entityStyle(type) {
    return DATA.style.entity_types[type] || DATA.style.entity_types.Other;
  }

  function relationStyle(type) {
    return DATA.style.relation_types[type] || { color: "#999999", label: type };
  }

  function nodeName(id) {
    return nodeById[id] ? nodeById[id].name : id;
  }

  // ---- indexes -------------------------------------------------------------------------------

  function buildIndexes() {
    DATA.directed.forEach(function (type) { directed[type] = true; });
    DATA.nodes.forEach(function (n) { nodeById[n.id] = n; edgesOfNode[n.id] = []; eventCount[n.id] = 0; });
    DATA.edges.forEach(function (e) {
      edgeById[e.id] = e;
      edgesOfNode[e.from].push(e);
      if (e.to !== e.from) { edgesOfNode[e.to].push(e); }
      if (e.event) { eventCount[e.from] += 1; eventCount[e.to] += 1; }
      state.types[e.type] = true;
    });
  }

  // ---- vis-network items ---------------------------------------------------------------------

  function nodeColor(colour) {
    return { background: colour, border: colour,
             highlight: { background: colour, border: "#111111" },
             hover: { background: colour, border: "#111111" } };
  }

  function edgeColor(e) {
    var colour = relationStyle(e.type).color;
    return { color: colour, highlight: colour, hover: colour, opacity: e.event ? 0.85 : 0.55 };
  }

  function nodeTooltip(n) {
    var lines = [n.name, entityStyle(n.type).label + (n.role ? " \u00b7 " + n.role : "")];
    if (n.country && n.type !== "Country") { lines.push("Country: " + nodeName(n.country)); }
    if (n.aliases.length) { lines.push("Also: " + n.aliases.join(", ")); }
    lines.push(eventCount[n.id] + " event(s)");
    return lines.join("\n");
  }

  function edgeTooltip(e) {
    var arrow = directed[e.type] ? " \u2192 " : " \u2014 ";
    var lines = [relationStyle(e.type).label + ": " + nodeName(e.from) + arrow + nodeName(e.to)];
    var facts = [];
    if (e.date) { facts.push(e.date); }
    if (e.amount_usd !== null) { facts.push("US$" + formatNumber(e.amount_usd)); }
    if (e.event) { facts.push(e.sources.length + " article(s)"); }
    if (e.role) { facts.push(e.role); }
    if (facts.length) { lines.push(facts.join(" \u00b7 ")); }
    return lines.join("\n");
  }

  function visNode(n) {
    return { id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, shape: entityStyle(n.type).shape,
             color: nodeColor(entityStyle(n.type).color), font: { color: LABEL, size: n.font },
             title: nodeTooltip(n) };
  }

  /** Bigger nodes last: vis-network draws in this order, so the main actors' labels stay on top. */
  function drawingOrder(items) {
    return items.slice().sort(function (a, b) { return a.size - b.size; });
  }

  /** Labels smaller than the threshold on screen are skipped: they appear as one zooms in, and
   * drawing thousands of nodes stays cheap. Font sizes themselves come with each node:
   * vis-network's value-based scaling would recompute every node's label after each filter
   * change (150 ms more per change at 5,000 nodes). (Its maxVisible only fades, it caps nothing.) */
  function labelScaling() {
    return { label: { drawThreshold: DATA.style.label_size.draw_threshold } };
  }

  function visEdge(e) {
    var item = { id: e.id, from: e.from, to: e.to, width: e.width, color: edgeColor(e),
                 dashes: relationStyle(e.type).dashes === true,
                 arrows: { to: { enabled: directed[e.type] === true, scaleFactor: 0.6 } },
                 title: edgeTooltip(e) };
    if (e.roundness) {
      item.smooth = { enabled: true, type: e.roundness > 0 ? "curvedCW" : "curvedCCW",
                      roundness: Math.abs(e.roundness) };
    }
    return item;
  }

  function networkOptions() {
    var big = DATA.edges.length > BIG_GRAPH_EDGES;
    return {
      physics: false,
      layout: { improvedLayout: false },
      interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                     multiselect: false, navigationButtons: false, keyboard: false },
      nodes: { borderWidth: 1, scaling: labelScaling(),
               font: { size: DATA.style.label_size.min, strokeWidth: 4, strokeColor: "#ffffff" } },
      edges: { smooth: false, selectionWidth: 2, hoverWidth: 1 }
    };
  }

  // ---- the page ------------------------------------------------------------------------------

  buildIndexes();
  document.title = DATA.title;
  byId("page-title").textContent = DATA.title;

  var nodes = new vis.DataSet(drawingOrder(DATA.nodes).map(visNode));
  var edges = new vis.DataSet(DATA.edges.map(visEdge));
  var container = byId("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, networkOptions());

  /* Changing items through the DataSet makes vis-network re-parse all their options (about a
   * third of a millisecond per edge): seconds to dim or hide thousands of edges. Filters and
   * highlighting only touch a few drawing options, so they write those on vis-network 9's drawn
   * items directly and then ask it once to recompute what is visible, or just to redraw.
   * The browser tests check the result through vis-network's own list of drawn items. */
  var drawn = {
    node: function (id) { return network.body.nodes[id]; },
    edge: function (id) { return network.body.edges[id]; },
    paintNode: function (id, colour, labelColour) {
      var node = network.body.nodes[id];
      node.options.color.background = node.options.color.border = colour;
      node.options.color.highlight.background = node.options.color.hover.background = colour;
      node.labelModule.fontOptions.color = labelColour;
      node.labelModule.labelDirty = true;        // its text blocks cache their colour
    },
    paintEdge: function (id, colour) {
      var colours = network.body.edges[id].options.color;
      colours.color = colours.highlight = colours.hover = colour;
    },
    visibilityChanged: function () { network.body.emitter.emit("_dataChanged"); },
    repaint: function () { network.redraw(); }
  };

  network.once("afterDrawing", function () {
    window.seccoopReadyAt = performance.now();
    document.body.setAttribute("data-ready", "true");
  });
  if (!DATA.nodes.length) {
    container.appendChild(el("p", "empty", "Nothing to show: the selection has no entities."));
  }

  // ---- legend and relation filter ------------------------------------------------------------

  function countBy(items, key) {
    var counts = {};
    items.forEach(function (item) { counts[item[key]] = (counts[item[key]] || 0) + 1; });
    return counts;
  }

  function buildRelationLegend() {
    var list = byId("relation-legend");
    var counts = countBy(DATA.edges, "type");
    Object.keys(DATA.style.relation_types).concat(Object.keys(counts)).forEach(function (type) {
      if (!counts[type] || list.querySelector("[data-relation-type='" + CSS.escape(type) + "']")) { return; }
      var style = relationStyle(type);
      var item = el("li");
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute("data-relation-type", type);
      box.addEventListener("change", function () { state.types[type] = box.checked; applyFilters(); });
      var swatch = el("span", "swatch-line" + (style.dashes ? " dashed" : ""));
      swatch.style.borderTopColor = style.color;
      label.append(box, swatch, el("span", null, style.label + (directed[type] ? " \u2192" : "")),
                   el("span", "count", counts[type]));
      item.appendChild(label);
      list.appendChild(item);
    });
  }

  function buildEntityLegend() {
    var list = byId("entity-legend");
    var counts = countBy(DATA.nodes, "type");
    Object.keys(DATA.style.entity_types).forEach(function (type) {
      if (!counts[type]) { return; }
      var style = entityStyle(type);
      var item = el("li");
      item.setAttribute("data-entity-type", type);
      var glyph = el("span", "swatch-shape", GLYPHS[style.shape] || "\u25CF");
      glyph.style.color = style.color;
      item.append(glyph, el("span", null, style.label), el("span", "count", counts[type]));
      list.appendChild(item);
    });
  }

  // ---- date filter ---------------------------------------------------------------------------

  function setupDateFilter() {
    var from = byId("date-from");
    var to = byId("date-to");
    if (!DATA.months) {
      from.disabled = to.disabled = true;
      byId("date-range-label").textContent = "No dated events";
      return;
    }
    var span = DATA.months[1] - DATA.months[0];
    [from, to].forEach(function (input) { input.max = String(span); });
    from.value = "0";
    to.value = String(span);
    from.addEventListener("input", function () { onDateInput(from, to, true); });
    to.addEventListener("input", function () { onDateInput(from, to, false); });
    byId("show-undated").addEventListener("change", function (event) {
      state.undated = event.target.checked;
      applyFilters();
    });
    readDates(from, to);
  }

  function onDateInput(from, to, movedFrom) {
    if (Number(from.value) > Number(to.value)) {
      if (movedFrom) { to.value = from.value; } else { from.value = to.value; }
    }
    readDates(from, to);
    applyFilters();
  }

  function readDates(from, to) {
    state.from = DATA.months[0] + Number(from.value);
    state.to = DATA.months[0] + Number(to.value);
    byId("date-range-label").textContent = monthLabel(state.from) + " \u2013 " + monthLabel(state.to);
  }

  // ---- applying filters ----------------------------------------------------------------------

  function eventShown(e) {
    if (!state.types[e.type]) { return false; }
    if (!e.span) { return state.undated; }
    return !DATA.months || (e.span[1] >= state.from && e.span[0] <= state.to);
  }

  /** Hide filtered-out events, then entities left with no shown event (entities that never had
   * one stay), then structural edges whose type is off or that lost an endpoint. */
  function applyFilters() {
    var shownNode = {};
    DATA.edges.forEach(function (e) {
      if (e.event && eventShown(e)) { shownNode[e.from] = shownNode[e.to] = true; }
    });
    DATA.nodes.forEach(function (n) {
      state.hiddenNodes[n.id] = eventCount[n.id] > 0 && !shownNode[n.id];
      drawn.node(n.id).options.hidden = state.hiddenNodes[n.id];
    });
    DATA.edges.forEach(function (e) {
      var shown = e.event ? eventShown(e) : state.types[e.type] &&
        !state.hiddenNodes[e.from] && !state.hiddenNodes[e.to];
      state.hiddenEdges[e.id] = !shown;
      drawn.edge(e.id).options.hidden = !shown;
    });
    drawn.visibilityChanged();
    updateCounts();
  }

  function updateCounts() {
    var shownNodes = DATA.nodes.filter(function (n) { return !state.hiddenNodes[n.id]; }).length;
    var events = DATA.edges.filter(function (e) { return e.event; });
    var shownEvents = events.filter(function (e) { return !state.hiddenEdges[e.id]; }).length;
    byId("graph-counts").textContent = shownNodes + " of " + DATA.nodes.length + " entities \u00b7 " +
      shownEvents + " of " + events.length + " events shown";
  }

  function resetFilters() {
    document.querySelectorAll("[data-relation-type]").forEach(function (box) {
      box.checked = true;
      state.types[box.getAttribute("data-relation-type")] = true;
    });
    byId("show-undated").checked = true;
    state.undated = true;
    if (DATA.months) {
      byId("date-from").value = "0";
      byId("date-to").value = String(DATA.months[1] - DATA.months[0]);
      readDates(byId("date-from"), byId("date-to"));
    }
    applyFilters();
  }

  // ---- neighbourhood highlight ---------------------------------------------------------------

  function highlight(nodeId) {
    var keep = {};
    keep[nodeId] = true;
    edgesOfNode[nodeId].forEach(function (e) { keep[e.from] = keep[e.to] = true; });
    DATA.nodes.forEach(function (n) {
      var near = keep[n.id] === true;
      drawn.paintNode(n.id, near ? entityStyle(n.type).color : DIM_NODE, near ? LABEL : DIM_LABEL);
    });
    DATA.edges.forEach(function (e) {
      drawn.paintEdge(e.id, e.from === nodeId || e.to === nodeId ? relationStyle(e.type).color : DIM_EDGE);
    });
    drawn.repaint();
    state.highlighted = nodeId;
  }

  function clearHighlight() {
    if (state.highlighted === null) { return; }
    DATA.nodes.forEach(function (n) { drawn.paintNode(n.id, entityStyle(n.type).color, LABEL); });
    DATA.edges.forEach(function (e) { drawn.paintEdge(e.id, relationStyle(e.type).color); });
    drawn.repaint();
    state.highlighted = null;
  }

  // ---- details panels ------------------------------------------------------------------------

  function openPanel(heading) {
    var panel = byId("details");
    clear(panel);
    var close = el("button", "close", "\u00d7");
    close.type = "button";
    close.setAttribute("aria-label", "Close details");
    close.addEventListener("click", function () { panel.hidden = true; });
    panel.append(close, el("h3", null, heading));
    panel.hidden = false;
    return panel;
  }

  function factList(rows) {
    var list = el("dl");
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === "") { return; }
      list.append(el("dt", null, row[0]), row[1] instanceof Node ? wrap("dd", row[1]) : el("dd", null, row[1]));
    });
    return list;
  }

  function wrap(tag, child) {
    var node = el(tag);
    node.appendChild(child);
    return node;
  }

  function linkButton(text, onClick) {
    var button = el("button", "link", text);
    button.type = "button";
    button.addEventListener("click", onClick);
    return button;
  }

  function entityButton(id) {
    return linkButton(nodeName(id), function () { selectEntity(id, true); });
  }

  function showNode(n) {
    var panel = openPanel(n.name);
    panel.setAttribute("data-kind", "entity");
    var country = n.country && n.type !== "Country" ?
      (nodeById[n.country] ? entityButton(n.country) : n.country) : null;
    panel.appendChild(factList([
      ["Type", entityStyle(n.type).label], ["Role", n.role], ["Country", country],
      ["Aliases", n.aliases.join(", ")], ["Id", n.id], ["Events", String(eventCount[n.id])]
    ]));
    var events = edgesOfNode[n.id].filter(function (e) { return e.event; });
    if (!events.length) { return; }
    panel.appendChild(el("h2", null, "Events"));
    var list = el("ol");
    events.forEach(function (e) {
      var other = e.from === n.id ? e.to : e.from;
      var text = relationStyle(e.type).label + " \u2014 " + nodeName(other) + (e.date ? " (" + e.date + ")" : "");
      list.appendChild(wrap("li", linkButton(text, function () { selectEdge(e.id); })));
    });
    panel.appendChild(list);
  }

  function amountText(e) {
    if (e.amount_usd === null) { return null; }
    var text = "US$" + formatNumber(e.amount_usd);
    if (e.amount !== null && e.currency && e.currency !== "USD") {
      text += " (" + formatNumber(e.amount) + " " + e.currency + ")";
    }
    return text;
  }

  function showEdge(e) {
    var panel = openPanel(relationStyle(e.type).label);
    panel.setAttribute("data-kind", "relation");
    panel.appendChild(factList([
      [directed[e.type] ? "From" : "Between", entityButton(e.from)],
      [directed[e.type] ? "To" : "And", entityButton(e.to)],
      ["Date", e.date], ["Amount", amountText(e)], ["Role", e.role],
      ["Confidence", e.confidence === null ? null : e.confidence.toFixed(2)]
    ]));
    if (!e.sources.length) { return; }
    panel.appendChild(el("h2", null, "Evidence (" + e.sources.length + " article" +
                                     (e.sources.length > 1 ? "s" : "") + ")"));
    var list = el("ol", "sources");
    e.sources.forEach(function (source) { list.appendChild(sourceItem(source)); });
    panel.appendChild(list);
  }

  function sourceItem(source) {
    var item = el("li");
    item.appendChild(el("blockquote", "evidence", source.evidence || ""));
    var meta = el("div", "source-meta");
    var href = safeHttpUrl(source.url);
    var name = source.title || source.url || source.article;
    if (href) {
      var link = el("a", null, name);
      link.href = href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      meta.appendChild(link);
    } else {
      meta.appendChild(el("span", "source-title", name));
      if (source.url) { meta.appendChild(el("span", "unsafe-url", " (address not linked: " + source.url + ")")); }
    }
    if (source.published) { meta.appendChild(el("span", null, " \u00b7 " + source.published)); }
    meta.appendChild(el("span", null, " \u00b7 article " + source.article));
    item.appendChild(meta);
    return item;
  }

  // ---- selection and search ------------------------------------------------------------------

  function selectEntity(id, focus) {
    if (!nodeById[id]) { return; }
    network.selectNodes([id]);
    highlight(id);
    showNode(nodeById[id]);
    if (focus) {
      network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 300 } });
    }
  }

  function selectEdge(id) {
    clearHighlight();
    network.selectEdges([id]);
    showEdge(edgeById[id]);
  }

  /** The best entity for a query: exact name/alias/id first, then prefix, then substring;
   * ties go to the entity with more events. */
  function findEntity(query) {
    var wanted = normalize(query);
    if (!wanted) { return null; }
    var best = null;
    DATA.nodes.forEach(function (n) {
      var rank = matchRank(wanted, [n.name, n.label, n.id].concat(n.aliases));
      if (rank === 0) { return; }
      if (!best || rank > best.rank || (rank === best.rank && eventCount[n.id] > eventCount[best.id])) {
        best = { id: n.id, rank: rank };
      }
    });
    return best && best.id;
  }

  function matchRank(wanted, names) {
    var rank = 0;
    names.forEach(function (name) {
      var key = normalize(name);
      if (key === wanted) { rank = Math.max(rank, 3); }
      else if (key.indexOf(wanted) === 0) { rank = Math.max(rank, 2); }
      else if (key.indexOf(wanted) > 0) { rank = Math.max(rank, 1); }
    });
    return rank;
  }

  function setupSearch() {
    var names = byId("entity-names");
    DATA.nodes.forEach(function (n) {
      var option = el("option");
      option.value = n.name;
      names.appendChild(option);
    });
    byId("search-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var query = byId("search").value;
      var id = findEntity(query);
      byId("search-status").textContent = id ? "" : "No entity matches \u201c" + query + "\u201d";
      if (id) { selectEntity(id, true); }
    });
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      selectEntity(params.nodes[0], false);
    } else if (params.edges.length) {
      selectEdge(params.edges[0]);
    } else {
      clearHighlight();
      byId("details").hidden = true;
    }
  });

  buildRelationLegend();
  buildEntityLegend();
  setupDateFilter();
  setupSearch();
  byId("reset-filters").addEventListener("click", resetFilters);
  updateCounts();

  // For scripted use and the browser tests: the live network and a few entry points.
  window.seccoop = { network: network, nodes: nodes, edges: edges, data: DATA,
                     applyFilters: applyFilters, findEntity: findEntity, selectEntity: selectEntity,
                     selectEdge: selectEdge };
}());
