/* kg's graph drawing, shared by the kg viz page and kg serve's explorer.
 *
 * sigma.js (WebGL) over a graphology graph: one code path from 20 nodes to 50,000.
 * - The layout settles before the first draw: ForceAtlas2 then an anti-overlap pass for
 *   graphs that can afford it; positions computed by kg (communities on a spiral) above.
 * - Labels are chosen, not all drawn: by importance (connections), inside the view, and
 *   only where a label does not cover one already placed; zooming in shows more. The
 *   drawing function keeps a record of what it drew (window.__kgLabels) for the tests.
 * - Every text is drawn on the canvas or set with textContent: names from articles
 *   never become markup.
 */
(function (global) {
  "use strict";
  var COLORS = {Person: "#0072B2", Organization: "#E69F00", Event: "#009E73", Place: "#CC79A7",
                Article: "#7F7F7F", Role: "#D55E00"};
  var FONT = "system-ui, Arial, sans-serif", LABEL_SIZE = 12, MAX_LABELS = 250;

  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }
  function short(s, n) { s = String(s); return s.length > n ? s.slice(0, n - 1) + "…" : s; }

  // Seeded positions: a sunflower spiral, so two runs of a page draw the same picture.
  function spiral(i) {
    var r = Math.sqrt(i + 0.5) * 10, a = i * 2.399963229728653;
    return {x: r * Math.cos(a), y: r * Math.sin(a)};
  }

  function build(data) {
    var graph = new graphology.Graph({type: "directed", multi: false, allowSelfLoops: false});
    data.nodes.forEach(function (n, i) {
      var p = (typeof n.x === "number") ? n : spiral(i);
      graph.addNode(String(n.id), {x: p.x, y: p.y, label: short(n.name, 48), fullName: n.name,
        kind: n.type, color: n.color || COLORS[n.type] || "#999",
        size: 3 + Math.min(14, 2.2 * Math.sqrt(n.weight || n.ties || 1)),
        importance: (n.weight || n.ties || 0) + (n.focus ? 1e9 : 0), hidden: !!n.hidden,
        focus: !!n.focus});
    });
    data.edges.forEach(function (e) {
      var s = String(e.source), t = String(e.target);
      if (!graph.hasNode(s) || !graph.hasNode(t) || s === t) return;
      var key = s + "\u0001" + t;
      if (graph.hasEdge(key)) return;
      graph.addEdgeWithKey(key, s, t, {label: short(e.label || "", 40), kind: e.type,
        size: 0.6 + Math.min(3, Math.log(1 + (e.n || 1))), color: "#c8c8c8", info: e});
    });
    return graph;
  }

  function settle(graph, precomputed) {
    var n = graph.order;
    if (precomputed || n > 3000 || !global.graphologyLibrary) return;
    var lib = global.graphologyLibrary;
    var settings = lib.layoutForceAtlas2.inferSettings(graph);
    settings.barnesHutOptimize = n > 400;
    settings.gravity = 1;
    lib.layoutForceAtlas2.assign(graph, {iterations: n <= 300 ? 300 : n <= 1000 ? 150 : 60,
                                         settings: settings});
    lib.layoutNoverlap.assign(graph, {maxIterations: n <= 1000 ? 60 : 20,
                                      settings: {margin: 3, ratio: 1.3}});
  }

  function draw(container, data, opts) {
    opts = opts || {};
    var graph = build(data);
    settle(graph, data.positioned);
    global.__kgStabilized = performance.now();
    var placed = new Set(), drawn = [];
    global.__kgLabels = drawn;
    var measure = document.createElement("canvas").getContext("2d");
    measure.font = LABEL_SIZE + "px " + FONT;
    var widths = {};

    function drawLabel(context, d) {
      if (!d.label) return;
      var x = d.x + d.size + 3, y = d.y + LABEL_SIZE / 3, w = context.measureText(d.label).width;
      var box = {x: x, y: y - LABEL_SIZE, w: w, h: LABEL_SIZE + 2, label: d.label};
      for (var i = 0; i < drawn.length; i++) if (overlap(box, drawn[i])) return;  // never on top
      drawn.push(box);
      context.fillStyle = "#222";
      context.font = LABEL_SIZE + "px " + FONT;
      context.fillText(d.label, x, y);
    }

    var state = {dim: null}, renderer = null;
    renderer = new Sigma(graph, container, {
      allowInvalidContainer: true, renderEdgeLabels: graph.order <= 300, labelFont: FONT,
      labelSize: LABEL_SIZE, labelRenderedSizeThreshold: Infinity, defaultDrawNodeLabel: drawLabel,
      edgeLabelSize: 10, edgeLabelColor: {color: "#666"}, zIndex: true,
      defaultEdgeType: "arrow", minCameraRatio: 0.02, maxCameraRatio: 4,
      nodeReducer: function (node, attrs) {
        var out = Object.assign({}, attrs);
        out.forceLabel = placed.has(node);
        if (!out.forceLabel) out.label = "";
        if (attrs.focus) { out.highlighted = true; out.zIndex = 2; }
        if (state.dim && !state.dim.has(node)) { out.color = "#e6e6e6"; out.label = ""; out.forceLabel = false; }
        return out;
      },
      edgeReducer: function (edge, attrs) {
        var out = Object.assign({}, attrs);
        // edge labels only when zoomed in far enough for them to have room
        if (renderer && renderer.getCamera().getState().ratio > 0.6) out.label = "";
        if (state.dim && !(state.dim.has(graph.source(edge)) && state.dim.has(graph.target(edge))))
          out.hidden = true;
        return out;
      }
    });
    renderer.on("beforeRender", function () { drawn.length = 0; });

    function overlap(a, b) {
      return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    }
    // Which labels to show: the most important nodes first, each only where it has room.
    function placeLabels() {
      var W = container.clientWidth, H = container.clientHeight, cands = [];
      graph.forEachNode(function (node, a) {
        if (a.hidden || (state.dim && !state.dim.has(node))) return;
        var d = renderer.getNodeDisplayData(node);
        if (!d) return;
        var p = renderer.framedGraphToViewport(d);
        if (p.x < -20 || p.y < -20 || p.x > W + 20 || p.y > H + 20) return;
        cands.push([a.importance, node, p, renderer.scaleSize(d.size)]);
      });
      cands.sort(function (a, b) { return b[0] - a[0] || (a[1] < b[1] ? -1 : 1); });
      var boxes = [];
      placed = new Set();
      for (var i = 0; i < cands.length && placed.size < MAX_LABELS && i < 5000; i++) {
        var c = cands[i], label = graph.getNodeAttribute(c[1], "label");
        if (!label) continue;
        var w = widths[label] || (widths[label] = measure.measureText(label).width);
        var box = {x: c[2].x + c[3] + 3, y: c[2].y + LABEL_SIZE / 3 - LABEL_SIZE - 1, w: w + 2, h: LABEL_SIZE + 4};
        var free = true;
        for (var j = 0; j < boxes.length && free; j++) free = !overlap(box, boxes[j]);
        if (free) { boxes.push(box); placed.add(c[1]); }
      }
    }
    var pending = false;
    function relabel() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; placeLabels(); renderer.refresh({skipIndexation: true}); });
    }
    renderer.getCamera().on("updated", relabel);
    placeLabels();
    renderer.refresh({skipIndexation: true});
    renderer.once("afterRender", function () { global.__kgFirstDraw = performance.now(); });
    requestAnimationFrame(function () { if (!global.__kgFirstDraw) global.__kgFirstDraw = performance.now(); });

    if (opts.onClick) renderer.on("clickNode", function (ev) { opts.onClick(ev.node, graph.getNodeAttributes(ev.node)); });
    if (opts.onHover) {
      renderer.on("enterNode", function (ev) { opts.onHover(ev.node, graph.getNodeAttributes(ev.node)); });
      renderer.on("enterEdge", function (ev) { opts.onHoverEdge && opts.onHoverEdge(ev.edge, graph.getEdgeAttributes(ev.edge)); });
    }

    var api = {
      graph: graph, renderer: renderer, fold: fold,
      setTypeVisible: function (type, visible) {
        graph.forEachNode(function (n, a) { if (a.kind === type) graph.setNodeAttribute(n, "hidden", !visible); });
        relabel();
      },
      focus: function (node) {
        var d = renderer.getNodeDisplayData(node);
        if (!d) return;
        state.dim = new Set([node].concat(graph.neighbors(node)));
        renderer.getCamera().animate({x: d.x, y: d.y, ratio: 0.5}, {duration: 300});
        relabel();
      },
      clearFocus: function () { state.dim = null; relabel(); },
      merge: function (more) {  // add nodes and edges (an expanded neighbourhood)
        var before = graph.order, from = graph.order;
        more.nodes.forEach(function (n, i) {
          if (graph.hasNode(String(n.id))) return;
          var p = spiral(from + i);
          graph.addNode(String(n.id), {x: p.x, y: p.y, label: short(n.name, 48), fullName: n.name,
            kind: n.type, color: COLORS[n.type] || "#999", size: 3 + Math.min(14, 2.2 * Math.sqrt(n.ties || 1)),
            importance: n.ties || 0});
        });
        more.edges.forEach(function (e) {
          var s = String(e.source), t = String(e.target), key = s + "\u0001" + t;
          if (graph.hasNode(s) && graph.hasNode(t) && s !== t && !graph.hasEdge(key))
            graph.addEdgeWithKey(key, s, t, {label: short(e.label || "", 40), kind: e.type, size: 1, color: "#c8c8c8", info: e});
        });
        if (graph.order > before) { settle(graph, false); renderer.refresh(); relabel(); }
        return graph.order - before;
      },
      labels: function () { return drawn.slice(); },
      placeLabels: placeLabels
    };
    return api;
  }

  global.KGGraph = {draw: draw, fold: fold, COLORS: COLORS};
})(window);
