/* seccoop graph page: draws the network at the actor or the country level, the events table, the
 * legend, the time control and the details panel from the JSON data block. Text that came from
 * articles is only ever placed with textContent, DOM properties or canvas fillText (never
 * innerHTML), and only real http(s) addresses become links. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("seccoop-data").textContent);
  var DIM_NODE = "#e4e4e4";
  var DIM_EDGE = "#ececec";
  var LABEL = "#1a1a1a";
  var DIM_LABEL = "#a8a8a8";
  var GLYPHS = { dot: "\u25CF", diamond: "\u25C6", square: "\u25A0", triangle: "\u25B2",
                 triangleDown: "\u25BC", star: "\u2605", hexagon: "\u2B22" };
  var BIG_DRAWING = 2500;        // links: above this, edges are hidden while panning and zooming
  var MAX_LABELS = 250;          // labels placed per frame at most
  var ROW_HEIGHT = 28;           // px, as in page.css: the table draws only the rows in view
  var PANEL_EVENTS = 100;        // events listed in a details panel (all of them are in the table)

  var nodeById = {};
  var edgeById = {};
  var directed = {};
  var views = {};                // level -> {nodes, links, nodeById, linkById, linkOfEvent, unit()}
  var state = { level: "actor", types: {}, from: 0, to: 0, undated: true, highlighted: null,
                focus: null, selectedEvent: null, sort: { key: "date", dir: -1 },
                hiddenNodes: {}, hiddenLinks: {}, listed: [] };

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

  function monthKey(text) {
    var match = /^(\d{4})-(\d{2})$/.exec(text || "");
    return match ? Number(match[1]) * 12 + Number(match[2]) - 1 : null;
  }

  function formatNumber(value) {
    return Math.round(value).toLocaleString("en-US");
  }

  /** "$301.5M": amounts as analysts read them. */
  function shortAmount(value) {
    if (value === null) { return ""; }
    var units = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "k"]];
    for (var i = 0; i < units.length; i++) {
      if (value >= units[i][0]) {
        return "$" + (value / units[i][0]).toFixed(1).replace(/\.0$/, "") + units[i][1];
      }
    }
    return "$" + formatNumber(value);
  }

  function plural(count, word) {
    return formatNumber(count) + " " + word + (count === 1 ? "" : "s");
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
    var view = views[state.level];
    if (nodeById[id]) { return nodeById[id].name; }
    return view && view.nodeById[id] ? view.nodeById[id].name : id;
  }

  var EVENTS = DATA.edges.filter(function (e) { return e.event; });

  function events() { return EVENTS; }

  // ---- indexes -------------------------------------------------------------------------------

  function buildIndexes() {
    DATA.directed.forEach(function (type) { directed[type] = true; });
    DATA.nodes.forEach(function (n) { nodeById[n.id] = n; });
    DATA.edges.forEach(function (e) { edgeById[e.id] = e; state.types[e.type] = true; });
    Object.keys(DATA.views).forEach(function (level) { views[level] = indexView(DATA.views[level]); });
  }

  function indexView(view) {
    var index = { nodes: view.nodes, links: view.links, raw: view, nodeById: {}, linkById: {},
                  linkOfEvent: {}, neighbours: {} };
    view.nodes.forEach(function (n) { index.nodeById[n.id] = n; index.neighbours[n.id] = []; });
    view.links.forEach(function (link) {
      index.linkById[link.id] = link;
      link.events.forEach(function (id) { index.linkOfEvent[id] = link.id; });
      index.neighbours[link.from].push(link);
      if (link.to !== link.from) { index.neighbours[link.to].push(link); }
    });
    index.unit = function (entityId) { return view.units[entityId] || entityId; };
    return index;
  }

  function currentView() { return views[state.level]; }

  // ---- vis-network items ---------------------------------------------------------------------

  function nodeColor(colour) {
    return { background: colour, border: colour,
             highlight: { background: colour, border: "#111111" },
             hover: { background: colour, border: "#111111" } };
  }

  function edgeColor(link) {
    var colour = relationStyle(link.type).color;
    return { color: colour, highlight: colour, hover: colour, opacity: link.event ? 0.85 : 0.55 };
  }

  function nodeTooltip(n) {
    var entity = nodeById[n.id];
    var lines = [n.name, entityStyle(n.type).label + (entity && entity.role ? " \u00b7 " + entity.role : "")];
    if (entity && entity.country && entity.type !== "Country") { lines.push("Country: " + nodeName(entity.country)); }
    if (entity && entity.aliases.length) { lines.push("Also: " + entity.aliases.join(", ")); }
    lines.push(plural(n.events, "event"));
    return lines.join("\n");
  }

  function linkTooltip(link) {
    var arrow = directed[link.type] ? " \u2192 " : " \u2014 ";
    var lines = [relationStyle(link.type).label + ": " + nodeName(link.from) + arrow + nodeName(link.to)];
    if (link.events.length > 1) {
      lines.push(plural(link.events.length, "event"));
    } else if (link.event) {
      var e = edgeById[link.events[0]];
      var facts = [e.date, e.amount_usd === null ? null : "US$" + formatNumber(e.amount_usd),
                   plural(e.sources.length, "article"), e.role];
      lines.push(facts.filter(Boolean).join(" \u00b7 "));
    }
    return lines.join("\n");
  }

  /** Labels are drawn by drawLabels (sizes in screen pixels, without collisions), not by vis. */
  function visNode(n) {
    return { id: n.id, x: n.x, y: n.y, size: n.size, shape: entityStyle(n.type).shape,
             color: nodeColor(entityStyle(n.type).color), title: nodeTooltip(n) };
  }

  /** Bigger nodes last: vis-network draws in this order, so the main actors stay on top. */
  function drawingOrder(items) {
    return items.slice().sort(function (a, b) { return a.size - b.size; });
  }

  function visEdge(link) {
    var item = { id: link.id, from: link.from, to: link.to, width: link.width, color: edgeColor(link),
                 dashes: relationStyle(link.type).dashes === true,
                 arrows: { to: { enabled: directed[link.type] === true, scaleFactor: 0.6 } },
                 title: linkTooltip(link) };
    if (link.roundness) {
      item.smooth = { enabled: true, type: link.roundness > 0 ? "curvedCW" : "curvedCCW",
                      roundness: Math.abs(link.roundness) };
    }
    return item;
  }

  function networkOptions() {
    var big = Math.max(DATA.views.actor.links.length, DATA.views.country.links.length) > BIG_DRAWING;
    return {
      physics: false,
      layout: { improvedLayout: false },
      interaction: { hover: !big, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                     multiselect: false, navigationButtons: false, keyboard: false },
      nodes: { borderWidth: 1, label: undefined },
      edges: { smooth: false, selectionWidth: 2, hoverWidth: 1 }
    };
  }

  var dataSets = {};

  function viewData(level) {
    if (!dataSets[level]) {
      var view = views[level];
      dataSets[level] = { nodes: new vis.DataSet(drawingOrder(view.nodes).map(visNode)),
                          edges: new vis.DataSet(view.links.map(visEdge)) };
    }
    return dataSets[level];
  }

  // ---- the page ------------------------------------------------------------------------------

  buildIndexes();
  document.title = DATA.title;
  byId("page-title").textContent = DATA.title;

  var container = byId("graph");
  var network = new vis.Network(container, viewData("actor"), networkOptions());

  /* Changing items through the DataSet makes vis-network re-parse all their options (about a
   * third of a millisecond per edge): seconds to dim or hide thousands of edges. Filters and
   * highlighting only touch a few drawing options, so they write those on vis-network 9's drawn
   * items directly and then ask it once to recompute what is visible, or just to redraw.
   * The browser tests check the result through vis-network's own list of drawn items. */
  var drawn = {
    paintNode: function (id, colour) {
      var node = network.body.nodes[id];
      node.options.color.background = node.options.color.border = colour;
      node.options.color.highlight.background = node.options.color.hover.background = colour;
    },
    paintEdge: function (id, colour) {
      var colours = network.body.edges[id].options.color;
      colours.color = colours.highlight = colours.hover = colour;
    },
    hideNode: function (id, hidden) { network.body.nodes[id].options.hidden = hidden; },
    hideEdge: function (id, hidden) { network.body.edges[id].options.hidden = hidden; },
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

  // ---- labels: screen-sized, placed without overlaps -----------------------------------------

  var labelBoxes = [];
  var widthCache = {};

  /** A node's label font in screen pixels: the style's range, by the node's share of the
   * largest size, so labels read the same at every zoom. */
  function labelFont(node, view) {
    var range = DATA.style.label_size;
    var top = view.nodes.length ? view.nodes[0].size : 1;
    var low = view.nodes.length ? view.nodes[view.nodes.length - 1].size : 0;
    var share = top > low ? (node.size - low) / (top - low) : 1;
    return Math.round(range.min + share * (range.max - range.min));
  }

  function textWidth(ctx, text, font) {
    var key = font + "|" + text;
    if (widthCache[key] === undefined) {
      if (ctx.font !== font) { ctx.font = font; }
      widthCache[key] = ctx.measureText(text).width;
    }
    return widthCache[key];
  }

  /** Where a label may go around its node, in order of preference: below, above, right, left. */
  function labelSpots(p, radius, width, height) {
    var gap = 3;
    return [[p.x - width / 2, p.y + radius + gap], [p.x - width / 2, p.y - radius - gap - height],
            [p.x + radius + gap, p.y - height / 2], [p.x - radius - gap - width, p.y - height / 2]];
  }

  /** Boxes (screen pixels) bucketed in a grid of cells, so a frame's overlap tests stay cheap
   * with thousands of nodes on screen. */
  function BoxGrid(cell) {
    this.cell = cell;
    this.cells = {};
  }

  BoxGrid.prototype.keys = function (box) {
    var keys = [], c = this.cell;
    for (var x = Math.floor(box[0] / c); x <= Math.floor(box[2] / c); x++) {
      for (var y = Math.floor(box[1] / c); y <= Math.floor(box[3] / c); y++) { keys.push(x + ":" + y); }
    }
    return keys;
  };

  /** ``rank``: what the box may not be covered by; -1 for labels (nothing may cover them). */
  BoxGrid.prototype.add = function (box, owner, rank) {
    var cells = this.cells;
    this.keys(box).forEach(function (key) { (cells[key] = cells[key] || []).push([box, owner, rank]); });
  };

  /** Whether ``box`` overlaps a label, or a node of another owner ranked before ``rank``. */
  BoxGrid.prototype.hits = function (box, owner, rank) {
    var keys = this.keys(box);
    for (var k = 0; k < keys.length; k++) {
      var items = this.cells[keys[k]] || [];
      for (var i = 0; i < items.length; i++) {
        var b = items[i][0];
        if (items[i][1] !== owner && items[i][2] < rank &&
            box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]) { return true; }
      }
    }
    return false;
  };

  /** The view's shown nodes on screen, most connected first, with their screen position. */
  function nodesOnScreen(view, width, height) {
    var scale = network.getScale(), found = [];
    view.nodes.forEach(function (n) {
      var body = network.body.nodes[n.id];
      if (!body || state.hiddenNodes[n.id]) { return; }
      var p = network.canvasToDOM({ x: body.x, y: body.y });
      var r = n.size * scale;
      if (p.x + r < 0 || p.y + r < 0 || p.x - r > width || p.y - r > height) { return; }
      found.push({ node: n, p: p, r: r });
    });
    return found;
  }

  /** Most connected first, each label takes the first spot around its node that stays on the
   * canvas and covers no other label and no more connected node; a label with no such spot waits
   * until one zooms in. */
  function placeLabels(ctx) {
    var view = currentView();
    var width = container.clientWidth, height = container.clientHeight;
    var grid = new BoxGrid(64), placed = [];
    var shown = nodesOnScreen(view, width, height);
    shown.forEach(function (s, rank) { grid.add([s.p.x - s.r, s.p.y - s.r, s.p.x + s.r, s.p.y + s.r], s.node.id, rank); });
    var note = byId("drawing-note");
    if (!note.hidden) {                   // the note on the canvas is no place for a label
      grid.add([note.offsetLeft, note.offsetTop, note.offsetLeft + note.offsetWidth,
                note.offsetTop + note.offsetHeight], "note", -1);
    }
    for (var i = 0; i < shown.length && placed.length < MAX_LABELS; i++) {
      var n = shown[i].node;
      var size = labelFont(n, view);
      var font = (size >= DATA.style.label_size.max ? "600 " : "") + size + "px system-ui, 'DejaVu Sans', sans-serif";
      var w = textWidth(ctx, n.name, font), h = Math.round(size * 1.2);
      var spots = labelSpots(shown[i].p, shown[i].r, w, h);
      for (var s = 0; s < spots.length; s++) {
        var box = [spots[s][0], spots[s][1], spots[s][0] + w, spots[s][1] + h];
        var inside = box[0] >= 0 && box[1] >= 0 && box[2] <= width && box[3] <= height;
        if (inside && !grid.hits(box, n.id, i)) {
          grid.add(box, n.id, -1);
          placed.push({ id: n.id, text: n.name, font: font, box: box,
                        dx: box[0] - shown[i].p.x, dy: box[1] - shown[i].p.y });
          break;
        }
      }
    }
    return placed;
  }

  /** While the user drags or zooms, the labels placed at rest follow their nodes (placing them
   * anew costs more than drawing the graph); once the view rests they are placed again. */
  var moving = { now: false, timer: null };

  function followNodes(labels) {
    return labels.filter(function (label) {
      var body = network.body.nodes[label.id];
      if (!body || state.hiddenNodes[label.id]) { return false; }   // settle() places the others
      var p = network.canvasToDOM({ x: body.x, y: body.y });
      var w = label.box[2] - label.box[0], h = label.box[3] - label.box[1];
      label.box = [p.x + label.dx, p.y + label.dy, p.x + label.dx + w, p.y + label.dy + h];
      return true;
    });
  }

  function onViewMoved() {
    moving.now = true;
    clearTimeout(moving.timer);
    moving.timer = setTimeout(settle, 160);
  }

  /** Labels placed anew now (the view rests, or shows other nodes). */
  function settle() {
    clearTimeout(moving.timer);
    moving.now = false;
    network.redraw();
  }

  function drawLabels(ctx) {
    var ratio = network.canvas.pixelRatio || window.devicePixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 4;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    labelBoxes = moving.now ? followNodes(labelBoxes) : placeLabels(ctx);
    var near = state.highlighted === null ? null : neighbourhood(state.highlighted);
    var font = null;
    labelBoxes.forEach(function (label) {
      if (label.font !== font) { ctx.font = font = label.font; }   // setting a font is costly
      ctx.strokeText(label.text, label.box[0], label.box[1]);
      label.colour = near && !near[label.id] ? DIM_LABEL : LABEL;
      ctx.fillStyle = label.colour;
      ctx.fillText(label.text, label.box[0], label.box[1]);
    });
    ctx.restore();
  }

  network.on("afterDrawing", drawLabels);
  ["dragging", "zoom"].forEach(function (event) { network.on(event, onViewMoved); });

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

  /** Every entity type, with how many are drawn at this level and (when known) how many the store
   * holds: a type with none drawn is listed too, so nothing disappears without a word. */
  function buildEntityLegend() {
    var list = byId("entity-legend");
    clear(list);
    var shown = countBy(currentView().nodes.filter(function (n) { return !state.hiddenNodes[n.id]; }), "type");
    var stored = DATA.stored ? DATA.stored.entities : countBy(DATA.nodes, "type");
    Object.keys(DATA.style.entity_types).forEach(function (type) {
      if (!shown[type] && !stored[type]) { return; }
      var style = entityStyle(type);
      var item = el("li", shown[type] ? null : "absent");
      item.setAttribute("data-entity-type", type);
      var glyph = el("span", "swatch-shape", GLYPHS[style.shape] || "\u25CF");
      glyph.style.color = style.color;
      var count = (shown[type] || 0) + (stored[type] ? " of " + stored[type] : "");
      item.append(glyph, el("span", null, style.label), el("span", "count", count));
      list.appendChild(item);
    });
  }

  // ---- time control: a histogram with a brush, and two month fields ---------------------------

  function setupTimeControl() {
    var from = byId("date-from"), to = byId("date-to");
    byId("show-undated").addEventListener("change", function (event) {
      state.undated = event.target.checked;
      applyFilters();
    });
    if (!DATA.months) {
      from.disabled = to.disabled = true;
      byId("date-range-label").textContent = "No dated events";
      return;
    }
    [from, to].forEach(function (input) {
      input.min = monthLabel(DATA.months[0]);
      input.max = monthLabel(DATA.months[1]);
      input.addEventListener("change", function () { onMonthField(input === from); });
    });
    setupBrush(byId("histogram"));
    setPeriod(DATA.months[0], DATA.months[1]);
  }

  function onMonthField(movedFrom) {
    var from = monthKey(byId("date-from").value), to = monthKey(byId("date-to").value);
    from = from === null ? DATA.months[0] : from;
    to = to === null ? DATA.months[1] : to;
    if (from > to) { if (movedFrom) { to = from; } else { from = to; } }
    setPeriod(from, to);
    applyFilters();
  }

  /** The period shown, clamped to the months the events cover; updates fields, label, bars. */
  function setPeriod(from, to) {
    state.from = Math.max(DATA.months[0], Math.min(from, DATA.months[1]));
    state.to = Math.max(state.from, Math.min(to, DATA.months[1]));
    byId("date-from").value = monthLabel(state.from);
    byId("date-to").value = monthLabel(state.to);
    byId("date-range-label").textContent = monthLabel(state.from) + " \u2013 " + monthLabel(state.to);
    drawHistogram(byId("histogram"));
  }

  /** Events per bin of months (each event counted in the month it starts). */
  function histogramBins(binCount) {
    var months = DATA.months[1] - DATA.months[0] + 1;
    var perBin = Math.max(1, Math.ceil(months / binCount));
    var bins = new Array(Math.ceil(months / perBin)).fill(0);
    events().forEach(function (e) {
      if (e.span) { bins[Math.floor((e.span[0] - DATA.months[0]) / perBin)] += 1; }
    });
    return { counts: bins, perBin: perBin };
  }

  function drawHistogram(canvas) {
    var width = canvas.clientWidth || 220, height = canvas.clientHeight || 64;
    var ratio = window.devicePixelRatio || 1;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    var bins = histogramBins(Math.floor(width / 3));
    var top = Math.max.apply(null, bins.counts.concat([1]));
    var barWidth = width / bins.counts.length;
    bins.counts.forEach(function (count, i) {
      var first = DATA.months[0] + i * bins.perBin;
      var inside = first + bins.perBin - 1 >= state.from && first <= state.to;
      ctx.fillStyle = inside ? "#3a6fb0" : "#cfcfcf";
      var h = count ? Math.max(2, (height - 4) * count / top) : 0;
      ctx.fillRect(i * barWidth, height - h, Math.max(barWidth - 1, 1), h);
    });
    ctx.fillStyle = "rgba(58,111,176,0.10)";
    var x0 = (state.from - DATA.months[0]) / (DATA.months[1] - DATA.months[0] + 1) * width;
    var x1 = (state.to - DATA.months[0] + 1) / (DATA.months[1] - DATA.months[0] + 1) * width;
    ctx.fillRect(x0, 0, x1 - x0, height);
    drawYearTicks(ctx, width);
  }

  /** The first and the last year in the corners, so the bars can be read without the fields. */
  function drawYearTicks(ctx, width) {
    ctx.font = "10px system-ui, 'DejaVu Sans', sans-serif";
    ctx.fillStyle = "#555555";
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    ctx.fillText(String(Math.floor(DATA.months[0] / 12)), 1, 1);
    ctx.textAlign = "right";
    ctx.fillText(String(Math.floor(DATA.months[1] / 12)), width - 1, 1);
  }

  function monthAt(canvas, clientX) {
    var rect = canvas.getBoundingClientRect();
    var share = Math.min(Math.max((clientX - rect.left) / rect.width, 0), 0.9999);
    return DATA.months[0] + Math.floor(share * (DATA.months[1] - DATA.months[0] + 1));
  }

  /** Drag across the bars to choose a period; a click without dragging picks one bar's months. */
  function setupBrush(canvas) {
    var anchor = null, pending = false;
    canvas.addEventListener("pointerdown", function (event) {
      canvas.setPointerCapture(event.pointerId);
      anchor = monthAt(canvas, event.clientX);
      setPeriod(anchor, anchor);
      applyFilters();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (anchor === null) { return; }
      var month = monthAt(canvas, event.clientX);
      setPeriod(Math.min(anchor, month), Math.max(anchor, month));
      if (!pending) {
        pending = true;
        requestAnimationFrame(function () { pending = false; applyFilters(); });
      }
    });
    ["pointerup", "pointercancel"].forEach(function (type) {
      canvas.addEventListener(type, function () { anchor = null; applyFilters(); });
    });
    canvas.addEventListener("dblclick", function () { setPeriod(DATA.months[0], DATA.months[1]); applyFilters(); });
    window.addEventListener("resize", function () { drawHistogram(canvas); });
  }

  // ---- applying filters ----------------------------------------------------------------------

  function eventShown(e) {
    if (!state.types[e.type]) { return false; }
    if (!e.span) { return state.undated; }
    return !DATA.months || (e.span[1] >= state.from && e.span[0] <= state.to);
  }

  /** Hide drawn links whose events are all filtered out, then nodes left with no shown event
   * (nodes that never had one stay), then structural links whose type is off or that lost an
   * end. Then the table, the counts and the legend follow. */
  function applyFilters() {
    var view = currentView();
    var shownEvent = {}, shownUnit = {};
    state.shownCount = 0;
    EVENTS.forEach(function (e) {
      if (eventShown(e)) {
        state.shownCount += 1;
        shownEvent[e.id] = true;
        shownUnit[view.unit(e.from)] = shownUnit[view.unit(e.to)] = true;
      }
    });
    state.hiddenNodes = {};
    view.nodes.forEach(function (n) {
      state.hiddenNodes[n.id] = n.events > 0 && !shownUnit[n.id];
      drawn.hideNode(n.id, state.hiddenNodes[n.id]);
    });
    state.hiddenLinks = {};
    view.links.forEach(function (link) {
      var shown = link.event ? link.events.some(function (id) { return shownEvent[id]; }) :
        state.types[link.type] && !state.hiddenNodes[link.from] && !state.hiddenNodes[link.to];
      state.hiddenLinks[link.id] = !shown;
      drawn.hideEdge(link.id, !shown);
    });
    drawn.visibilityChanged();
    state.shownEvents = shownEvent;
    refreshPanel();
    updateTable();
    updateCounts();
    buildEntityLegend();
  }

  // ---- what is shown, and what is not --------------------------------------------------------

  function sum(values) { return values.reduce(function (a, b) { return a + b; }, 0); }

  function updateCounts() {
    var view = currentView();
    var drawnNodes = view.nodes.filter(function (n) { return !state.hiddenNodes[n.id]; }).length;
    var all = events().length;
    var shown = state.shownCount;
    var storedEntities = DATA.stored ? sum(Object.values(DATA.stored.entities)) : null;
    var storedEvents = DATA.stored ? sum(Object.values(DATA.stored.events)) : null;
    var parts = [];
    if (state.level === "actor") {
      parts.push(entityCounts(drawnNodes, storedEntities));
    } else {
      parts.push(plural(drawnNodes, "country or body") .replace("country or bodys", "countries or bodies") +
                 " drawn (" + plural(DATA.nodes.length, "entity").replace("entitys", "entities") + " rolled up)");
    }
    parts.push(formatNumber(shown) + " of " + plural(all, "event") + " shown" +
               (storedEvents !== null && storedEvents > all ? " (" + formatNumber(storedEvents) + " stored)" : ""));
    byId("graph-counts").textContent = parts.join(" \u00b7 ");
    updateDrawingNote(view, shown);
  }

  function entityCounts(drawnNodes, storedEntities) {
    var text = formatNumber(drawnNodes) + " entities with events shown";
    if (storedEntities !== null) {
      text += " of " + formatNumber(storedEntities) + " stored";
      var missing = storedEntities - DATA.nodes.length;
      if (missing > 0) { text += "; " + formatNumber(missing) + " without events in this selection not drawn"; }
    } else if (drawnNodes < DATA.nodes.length) {
      text += " of " + formatNumber(DATA.nodes.length);
    }
    return text;
  }

  /** A note on the canvas when the drawing leaves out events the table lists. */
  function updateDrawingNote(view, shown) {
    var notes = [];
    if (view.raw.total > view.nodes.length) {
      notes.push("Drawn: " + formatNumber(view.nodes.length) + " of " + formatNumber(view.raw.total) +
                 " nodes, joined by the " + formatNumber(view.links.length) + " most reported links; " +
                 "the table lists every event.");
    }
    if (view.raw.inside) {
      notes.push(plural(view.raw.inside, "event") + " between actors of one country not drawn at this level.");
    }
    var note = byId("drawing-note");
    note.textContent = notes.join(" ");
    note.hidden = !notes.length;
    byId("level-hint").textContent = state.level === "country" ?
      "People, agencies and places rolled up to their countries; bodies without a country stay themselves." :
      "Every entity on its own.";
    byId("shown-note").textContent = shown ? "" : "No event matches the filters.";
  }

  // ---- the events table ----------------------------------------------------------------------

  var SORT_KEYS = {
    // by the end of the period a date covers, then exact days before months before years:
    // "2016-08-04", "2016-08", ..., "2016-12", "2016"
    date: function (e) {
      if (!e.span) { return null; }
      var day = /^\d{4}-\d{2}-(\d{2})/.exec(e.date);
      return e.span[1] * 100 + (day ? Number(day[1]) : e.span[0] === e.span[1] ? 50 : 60);
    },
    type: function (e) { return relationStyle(e.type).label; },
    from: function (e) { return sideName(e.from); },
    to: function (e) { return sideName(e.to); },
    amount: function (e) { return e.amount_usd; },
    sources: function (e) { return e.sources.length; }
  };

  /** The events sorted by one column; missing values go last whichever the direction. Each
   * event's key is computed once (60,000 events sort in tens of milliseconds). */
  function sortEvents(list, key, dir) {
    var value = SORT_KEYS[key];
    var keyed = list.map(function (e) { var k = value(e); return [k === undefined ? null : k, e]; });
    keyed.sort(function (a, b) {
      var x = a[0], y = b[0];
      if (x === null) { return y === null ? 0 : 1; }
      if (y === null) { return -1; }
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
    return keyed.map(function (pair) { return pair[1]; });
  }

  /** A side of an event in the table: the actor, and at the country level the country it is
   * drawn as when that is another node. */
  function sideName(id) {
    var unit = currentView().unit(id);
    return unit === id ? nodeName(id) : nodeName(id) + " (" + nodeName(unit) + ")";
  }

  function listedEvents() {
    var view = currentView();
    return sortEvents(events().filter(function (e) {
      return state.shownEvents[e.id] && (state.focus === null ||
        view.unit(e.from) === state.focus || view.unit(e.to) === state.focus);
    }), state.sort.key, state.sort.dir);
  }

  function updateTable() {
    state.listed = listedEvents();
    byId("table-count").textContent = plural(state.listed.length, "event") + " listed";
    var focus = byId("table-focus");
    clear(focus);
    focus.hidden = state.focus === null;
    if (state.focus !== null) {
      focus.append("Only events of " + nodeName(state.focus) + " ",
                   linkButton("show all", function () { setFocus(null); }));
    }
    document.querySelectorAll("#events-table th[data-sort]").forEach(function (th) {
      var sorted = th.getAttribute("data-sort") === state.sort.key;
      th.setAttribute("aria-sort", sorted ? (state.sort.dir > 0 ? "ascending" : "descending") : "none");
    });
    drawRows();
  }

  function setFocus(unitId) {
    state.focus = unitId;
    byId("table-scroll").scrollTop = 0;
    updateTable();
  }

  /** Only the rows in view (plus a margin) exist in the DOM, so 60,000 events scroll smoothly. */
  function drawRows() {
    var scroller = byId("table-scroll"), body = byId("events-body");
    var first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - 10);
    var last = Math.min(state.listed.length, first + Math.ceil(scroller.clientHeight / ROW_HEIGHT) + 30);
    clear(body);
    body.appendChild(spacer(first * ROW_HEIGHT));
    for (var i = first; i < last; i++) { body.appendChild(eventRow(state.listed[i])); }
    body.appendChild(spacer((state.listed.length - last) * ROW_HEIGHT));
  }

  function spacer(height) {
    var row = el("tr", "spacer");
    var cell = el("td");
    cell.colSpan = 7;
    cell.style.height = height + "px";
    row.appendChild(cell);
    return row;
  }

  function eventRow(e) {
    var row = el("tr", "row" + (state.selectedEvent === e.id ? " selected" : ""));
    row.setAttribute("data-event-id", e.id);
    var evidence = e.sources.length ? e.sources[0].evidence || "" : "";
    [e.date || "undated", relationStyle(e.type).label, sideName(e.from), sideName(e.to),
     shortAmount(e.amount_usd), e.sources.length, evidence].forEach(function (value, i) {
      var cell = el("td", i === 4 || i === 5 ? "num" : null, value);
      cell.title = String(value);
      row.appendChild(cell);
    });
    row.tabIndex = 0;
    row.addEventListener("click", function () { selectEvent(e.id); });
    row.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); selectEvent(e.id); }
    });
    return row;
  }

  function setupTable() {
    document.querySelectorAll("#events-table th[data-sort] button").forEach(function (button) {
      button.addEventListener("click", function () {
        var key = button.parentNode.getAttribute("data-sort");
        state.sort = { key: key, dir: state.sort.key === key ? -state.sort.dir : (key === "type" || key === "from" || key === "to" ? 1 : -1) };
        updateTable();
      });
    });
    var pending = false;
    byId("table-scroll").addEventListener("scroll", function () {
      if (pending) { return; }
      pending = true;
      requestAnimationFrame(function () { pending = false; drawRows(); });
    });
    byId("download-csv").addEventListener("click", downloadCsv);
  }

  // ---- CSV of the listed events --------------------------------------------------------------

  /** One CSV field: quoted, and a leading = + - @ neutralised so a spreadsheet never runs it. */
  function csvField(value) {
    var text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
    return "\"" + text.replace(/"/g, "\"\"") + "\"";
  }

  function countryName(id) {
    var entity = nodeById[id];
    if (!entity) { return null; }
    return entity.type === "Country" ? entity.name : entity.country && nodeName(entity.country);
  }

  function csvText(rows) {
    var header = ["date", "type", "from", "from_country", "to", "to_country", "amount_usd", "sources",
                  "evidence", "articles"];
    var lines = [header.join(",")];
    rows.forEach(function (e) {
      var urls = e.sources.map(function (s) { var a = DATA.articles[s.article]; return a && a.url || s.article; });
      lines.push([e.date, e.type, nodeName(e.from), countryName(e.from), nodeName(e.to), countryName(e.to),
                  e.amount_usd, e.sources.length, e.sources.map(function (s) { return s.evidence; }).join(" | "),
                  urls.join(" ")].map(csvField).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  function downloadCsv() {
    var blob = new Blob([csvText(state.listed)], { type: "text/csv;charset=utf-8" });
    var link = el("a");
    link.href = URL.createObjectURL(blob);
    link.download = "seccoop-events.csv";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  // ---- the level switch ----------------------------------------------------------------------

  function setLevel(level) {
    if (!views[level] || level === state.level) { return; }
    clearHighlight();
    byId("details").hidden = true;
    state.level = level;
    state.focus = null;
    network.setData(viewData(level));
    applyFilters();
    network.fit({ animation: false });
    settle();
    document.querySelectorAll("input[name=level]").forEach(function (input) { input.checked = input.value === level; });
  }

  function resetFilters() {
    document.querySelectorAll("[data-relation-type]").forEach(function (box) {
      box.checked = true;
      state.types[box.getAttribute("data-relation-type")] = true;
    });
    byId("show-undated").checked = true;
    state.undated = true;
    if (DATA.months) { setPeriod(DATA.months[0], DATA.months[1]); }
    state.focus = null;
    applyFilters();
  }

  // ---- neighbourhood highlight ---------------------------------------------------------------

  function neighbourhood(nodeId) {
    var keep = {};
    keep[nodeId] = true;
    (currentView().neighbours[nodeId] || []).forEach(function (link) { keep[link.from] = keep[link.to] = true; });
    return keep;
  }

  function highlight(nodeId) {
    var view = currentView(), keep = neighbourhood(nodeId);
    view.nodes.forEach(function (n) {
      drawn.paintNode(n.id, keep[n.id] ? entityStyle(n.type).color : DIM_NODE);
    });
    view.links.forEach(function (link) {
      var near = link.from === nodeId || link.to === nodeId;
      drawn.paintEdge(link.id, near ? relationStyle(link.type).color : DIM_EDGE);
    });
    state.highlighted = nodeId;
    drawn.repaint();
  }

  function clearHighlight() {
    if (state.highlighted === null) { return; }
    var view = currentView();
    view.nodes.forEach(function (n) { drawn.paintNode(n.id, entityStyle(n.type).color); });
    view.links.forEach(function (link) { drawn.paintEdge(link.id, relationStyle(link.type).color); });
    state.highlighted = null;
    drawn.repaint();
  }

  // ---- details panel -------------------------------------------------------------------------

  /** An open entity panel lists the events the filters show, so it is drawn again when they change. */
  function refreshPanel() {
    var panel = byId("details");
    if (!panel.hidden && panel.state && panel.state.kind === "node") {
      var scroll = panel.scrollTop;
      showNode(panel.state.id);
      panel.scrollTop = scroll;
    }
  }

  function openPanel(heading, kind) {
    var panel = byId("details");
    clear(panel);
    panel.state = null;
    var close = el("button", "close", "\u00d7");
    close.type = "button";
    close.setAttribute("aria-label", "Close details");
    close.addEventListener("click", function () { panel.hidden = true; });
    panel.append(close, el("h3", null, heading));
    panel.setAttribute("data-kind", kind);
    panel.hidden = false;
    panel.scrollTop = 0;
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

  /** The events among ``ids`` that pass the filters, newest first, as buttons to their evidence. */
  function eventList(panel, ids) {
    var shown = sortEvents(ids.map(function (id) { return edgeById[id]; }).filter(function (e) {
      return state.shownEvents[e.id];
    }), "date", -1);
    var hidden = ids.length - shown.length;
    panel.appendChild(el("h2", null, plural(shown.length, "event") +
                                     (hidden ? " (" + formatNumber(hidden) + " more hidden by the filters)" : "")));
    var list = el("ol");
    shown.slice(0, PANEL_EVENTS).forEach(function (e) {
      list.appendChild(wrap("li", linkButton(eventSummary(e), function () { selectEvent(e.id); })));
    });
    panel.appendChild(list);
    if (shown.length > PANEL_EVENTS) { panel.appendChild(el("p", "hint", "All of them are in the events table.")); }
  }

  function eventSummary(e) {
    return relationStyle(e.type).label + " \u2014 " + nodeName(e.from) + (directed[e.type] ? " \u2192 " : " & ") +
      nodeName(e.to) + (e.date ? " (" + e.date + ")" : "");
  }

  /** An entity (or, at the country level, a rolled-up node) and its events. */
  function showNode(id) {
    var n = nodeById[id], drawnNode = currentView().nodeById[id];
    var panel = openPanel(nodeName(id), "entity");
    var country = n && n.country && n.type !== "Country" ?
      (nodeById[n.country] ? entityButton(n.country) : n.country) : null;
    var type = n ? n.type : drawnNode.type;
    panel.state = { kind: "node", id: id };
    panel.appendChild(factList([
      ["Type", entityStyle(type).label], ["Role", n && n.role], ["Country", country],
      ["Aliases", n ? n.aliases.join(", ") : null], ["Id", id], ["Rolls up", state.level === "country" ? members(id) : null]
    ]));
    var unit = currentView().unit(id);
    var ids = events().filter(function (e) {
      return state.level === "actor" ? e.from === id || e.to === id :
        currentView().unit(e.from) === unit || currentView().unit(e.to) === unit;
    }).map(function (e) { return e.id; });
    if (ids.length) { eventList(panel, ids); }
  }

  /** The other entities drawn as ``unit`` at the country level, as buttons (the first 40). */
  function members(unit) {
    var found = DATA.nodes.filter(function (m) { return m.id !== unit && currentView().unit(m.id) === unit; });
    if (!found.length) { return null; }
    var list = el("span", "members");
    found.slice(0, 40).forEach(function (m, i) {
      if (i) { list.append(", "); }
      list.appendChild(linkButton(m.name, function () { showNode(m.id); }));
    });
    if (found.length > 40) { list.append(" and " + formatNumber(found.length - 40) + " more"); }
    return list;
  }

  function amountText(e) {
    if (e.amount_usd === null) { return null; }
    var text = "US$" + formatNumber(e.amount_usd) + " (" + shortAmount(e.amount_usd) + ")";
    if (e.amount !== null && e.currency && e.currency !== "USD") {
      text += "; " + formatNumber(e.amount) + " " + e.currency;
    }
    return text;
  }

  function showEvent(e) {
    var panel = openPanel(relationStyle(e.type).label, "relation");
    panel.appendChild(factList([
      [directed[e.type] ? "From" : "Between", entityButton(e.from)],
      [directed[e.type] ? "To" : "And", entityButton(e.to)],
      ["Date", e.date], ["Amount", amountText(e)], ["Role", e.role],
      ["Confidence", e.confidence === null ? null : e.confidence.toFixed(2)]
    ]));
    if (!e.sources.length) { return; }
    panel.appendChild(el("h2", null, "Evidence (" + plural(e.sources.length, "article") + ")"));
    var list = el("ol", "sources");
    e.sources.forEach(function (source) { list.appendChild(sourceItem(source)); });
    panel.appendChild(list);
  }

  function showLink(link) {
    if (link.events.length === 1) { return showEvent(edgeById[link.events[0]]); }
    var panel = openPanel(relationStyle(link.type).label + ": " + nodeName(link.from) +
                          (directed[link.type] ? " \u2192 " : " & ") + nodeName(link.to), "link");
    eventList(panel, link.events);
  }

  function sourceItem(source) {
    var item = el("li");
    var article = DATA.articles[source.article] || {};
    item.appendChild(el("blockquote", "evidence", source.evidence || ""));
    var meta = el("div", "source-meta");
    var href = safeHttpUrl(article.link);
    var name = article.title || article.url || source.article;
    if (href) {
      var link = el("a", null, name);
      link.href = href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      meta.appendChild(link);
    } else {
      meta.appendChild(el("span", "source-title", name));
      if (article.url) { meta.appendChild(el("span", "unsafe-url", " (address not linked: " + article.url + ")")); }
    }
    if (article.published) { meta.appendChild(el("span", null, " \u00b7 " + article.published)); }
    meta.appendChild(el("span", null, " \u00b7 article " + source.article));
    item.appendChild(meta);
    return item;
  }

  // ---- selection and search ------------------------------------------------------------------

  /** An entity (any level: at the country level its country is selected), its neighbourhood
   * highlighted and its events listed in the table. */
  function selectEntity(id, focus) {
    var unit = currentView().unit(id);
    if (!currentView().nodeById[unit]) {
      if (nodeById[id]) { showNode(id); }
      return;
    }
    network.selectNodes([unit]);
    highlight(unit);
    showNode(nodeById[id] && state.level === "actor" ? id : unit);
    setFocus(unit);
    if (focus) {
      network.focus(unit, { scale: Math.max(network.getScale(), 0.9), offset: { x: -panelCover() / 2, y: 0 },
                            animation: { duration: 300 } });
    }
  }

  /** How much of the canvas's width the details panel covers (it lies over the canvas on wide
   * screens): a focused entity is centred in the part left visible. */
  function panelCover() {
    var panel = byId("details");
    return !panel.hidden && getComputedStyle(panel).position === "absolute" ? panel.offsetWidth : 0;
  }

  function selectLink(id) {
    clearHighlight();
    network.selectEdges([id]);
    showLink(currentView().linkById[id]);
  }

  /** A table row or a panel entry: the event's link is selected and its evidence shown. */
  function selectEvent(id) {
    var linkId = currentView().linkOfEvent[id];
    clearHighlight();
    if (linkId !== undefined && !state.hiddenLinks[linkId]) { network.selectEdges([linkId]); } else { network.unselectAll(); }
    state.selectedEvent = id;
    showEvent(edgeById[id]);
    document.querySelectorAll("#events-body tr.row").forEach(function (row) {   // rows keep focus
      row.classList.toggle("selected", row.getAttribute("data-event-id") === id);
    });
  }

  /** The best entity for a query: exact name/alias/id first, then prefix, then substring;
   * ties go to the entity with more events. */
  function findEntity(query) {
    var wanted = normalize(query);
    if (!wanted) { return null; }
    var best = null;
    DATA.nodes.forEach(function (n) {
      var rank = matchRank(wanted, [n.name, n.id].concat(n.aliases));
      var weight = views.actor.nodeById[n.id] ? views.actor.nodeById[n.id].events : 0;
      if (rank === 0) { return; }
      if (!best || rank > best.rank || (rank === best.rank && weight > best.weight)) {
        best = { id: n.id, rank: rank, weight: weight };
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
    DATA.nodes.slice(0, 5000).forEach(function (n) {
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
      selectLink(params.edges[0]);
    } else {
      clearHighlight();
      byId("details").hidden = true;
      if (state.focus !== null) { setFocus(null); }
    }
  });

  document.querySelectorAll("input[name=level]").forEach(function (input) {
    input.addEventListener("change", function () { if (input.checked) { setLevel(input.value); } });
  });
  buildRelationLegend();
  setupTimeControl();
  setupTable();
  setupSearch();
  byId("reset-filters").addEventListener("click", resetFilters);
  applyFilters();

  // For scripted use and the browser tests: the live network and a few entry points.
  window.seccoop = { network: network, data: DATA, views: views, state: state,
                     applyFilters: applyFilters, findEntity: findEntity, selectEntity: selectEntity,
                     selectLink: selectLink, selectEvent: selectEvent, setLevel: setLevel,
                     labels: function () { return labelBoxes.map(function (l) { return { id: l.id, box: l.box, font: l.font, colour: l.colour }; }); },
                     csv: function () { return csvText(state.listed); } };
}());
