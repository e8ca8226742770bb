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

  function nodeAttributes(n, p) {
    return {x: p.x, y: p.y, label: short(n.name, 48), fullName: n.name, kind: n.type,
      color: n.color || COLORS[n.type] || "#999",
      size: 3 + Math.min(14, 2.2 * Math.sqrt(n.weight || n.ties || 1)),
      importance: (n.weight || n.ties || 0) + (n.focus ? 1e9 : 0), hidden: !!n.hidden, focus: !!n.focus};
  }
  // One edge per pair of nodes (the first one given); its attributes keep the edge's data
  // (info) and its place in the list given (index), for the details panel.
  function addEdges(graph, edges, size) {
    for (var i = 0; i < edges.length; i++) {
      var e = edges[i], s = String(e.source), t = String(e.target);
      if (s === t || !graph.hasNode(s) || !graph.hasNode(t) || graph.hasEdge(s, t)) continue;
      graph.addEdge(s, t, {label: short(e.label || "", 40), kind: e.type, color: "#c8c8c8",
        size: size ? size(e) : 1, info: e, index: i});
    }
  }

  function build(data) {
    var graph = new graphology.Graph({type: "directed", multi: false, allowSelfLoops: false});
    data.nodes.forEach(function (n, i) {
      graph.addNode(String(n.id), nodeAttributes(n, (typeof n.x === "number") ? n : spiral(i)));
    });
    addEdges(graph, data.edges, function (e) { return 0.6 + Math.min(3, Math.log(1 + (e.n || 1))); });
    return graph;
  }

  // The layout, settled before the first draw. Each connected part of what is shown (the
  // people, bodies and events of one story) is laid out on its own, ForceAtlas2 with LinLog
  // attraction (tight clusters) then an anti-overlap pass that leaves room for a label, and
  // the parts are packed in rows, largest first, in the container's proportions: side by
  // side rather than drifting through each other. Hidden nodes (places, articles) go beside
  // what they link to, for when the legend shows them.
  function settle(graph, precomputed, aspect) {
    if (precomputed || graph.order > 3000 || !global.graphologyLibrary) return;
    var parts = components(graph), shown = 0;
    parts.forEach(function (part) { shown += part.length; });
    // many small parts share one budget of iterations: each converges in few
    var budget = Math.max(0.1, Math.min(1, 30000 / Math.max(1, shown * 100)));
    var boxes = parts.map(function (part) { return layoutPart(graph, part, budget, shown); });
    pack(graph, parts, boxes, aspect || 1.5);
    placeHidden(graph);
  }

  function components(graph) {
    var seen = new Set(), parts = [];
    graph.forEachNode(function (start, a) {
      if (a.hidden || seen.has(start)) return;
      var part = [start], queue = [start];
      seen.add(start);
      while (queue.length) {
        graph.forEachNeighbor(queue.pop(), function (y, b) {
          if (!b.hidden && !seen.has(y)) { seen.add(y); part.push(y); queue.push(y); }
        });
      }
      parts.push(part);
    });
    return parts.sort(function (a, b) { return b.length - a.length || (a[0] < b[0] ? -1 : 1); });
  }

  // in the units of the layout, about pixels at the first zoom: between packed parts, the
  // mean length of an edge, and the room a label takes to the right of its node
  var GAP = 40, EDGE = 120, LABEL_ROOM = 150, BIG_PART = 500;
  function layoutPart(graph, part, budget, shown) {
    var lib = global.graphologyLibrary, n = part.length;
    var sub = new graphology.Graph({type: "undirected", multi: false});
    part.forEach(function (node, i) {
      var p = spiral(i), a = graph.getNodeAttributes(node);
      sub.addNode(node, {x: p.x, y: p.y, size: a.size + 2});
    });
    part.forEach(function (node) {
      graph.forEachNeighbor(node, function (other) {
        if (sub.hasNode(other) && other !== node && !sub.hasEdge(node, other)) sub.addEdge(node, other);
      });
    });
    if (n > BIG_PART) {
      // a large part: the plain ForceAtlas2 and a light anti-overlap pass (the room for
      // every label would cost seconds, and its labels come with the zoom anyway)
      var plain = lib.layoutForceAtlas2.inferSettings(sub);
      plain.barnesHutOptimize = true;
      plain.gravity = 1;
      lib.layoutForceAtlas2.assign(sub, {iterations: shown <= 1000 ? 150 : 60, settings: plain});
      lib.layoutNoverlap.assign(sub, {maxIterations: shown <= 1000 ? 60 : 20, settings: {margin: 3, ratio: 1.3}});
    } else if (n > 2) {
      var settings = lib.layoutForceAtlas2.inferSettings(sub);
      settings.linLogMode = true;
      settings.barnesHutOptimize = n > 400;
      settings.gravity = 0.5;
      settings.adjustSizes = false;
      lib.layoutForceAtlas2.assign(sub, {iterations: Math.max(30, Math.round((n <= 300 ? 400 : 150) * budget)),
                                         settings: settings});
      // LinLog draws a part small: bring its edges to a readable length, then make room for labels
      var total = 0;
      sub.forEachEdge(function (e, a, s, t, sa, ta) { total += Math.hypot(sa.x - ta.x, sa.y - ta.y); });
      var scale = sub.size ? EDGE / (total / sub.size || 1) : 1;
      sub.updateEachNodeAttributes(function (node, a) { a.x *= scale; a.y *= scale; return a; });
      lib.layoutNoverlap.assign(sub, {maxIterations: Math.max(10, Math.round(80 * budget)),
                                      settings: {margin: 16, ratio: 1.2}});
    } else if (n === 2) {
      sub.setNodeAttribute(part[1], "x", EDGE); sub.setNodeAttribute(part[1], "y", 0);
      sub.setNodeAttribute(part[0], "x", 0); sub.setNodeAttribute(part[0], "y", 0);
    }
    var box = {x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity};
    sub.forEachNode(function (node, a) {
      graph.setNodeAttribute(node, "x", a.x); graph.setNodeAttribute(node, "y", a.y);
      box.x0 = Math.min(box.x0, a.x - a.size); box.x1 = Math.max(box.x1, a.x + a.size + LABEL_ROOM);
      box.y0 = Math.min(box.y0, a.y - a.size); box.y1 = Math.max(box.y1, a.y + a.size);
    });
    return box;
  }

  // Rows of parts, largest first; of a dozen row widths, the one whose rows come closest
  // to the container's proportions.
  function pack(graph, parts, boxes, aspect) {
    function rows(width, place) {
      var x = 0, y = 0, row = 0, right = 0;
      boxes.forEach(function (b, i) {
        var w = b.x1 - b.x0, h = b.y1 - b.y0;
        if (x > 0 && x + w > width) { x = 0; y += row + GAP; row = 0; }
        if (place) place(i, x - b.x0, y - b.y0);
        x += w + GAP; row = Math.max(row, h); right = Math.max(right, x - GAP);
      });
      return right / Math.max(1, y + row);
    }
    var widest = 0, total = 0;
    boxes.forEach(function (b) { widest = Math.max(widest, b.x1 - b.x0); total += b.x1 - b.x0 + GAP; });
    var best = widest, off = Infinity;
    for (var k = 0; k <= 12; k++) {
      var width = widest + (total - widest) * k / 12, miss = Math.abs(Math.log(rows(width) / aspect));
      if (miss < off - 1e-9) { off = miss; best = width; }
    }
    rows(best, function (i, dx, dy) {
      parts[i].forEach(function (node) {
        var a = graph.getNodeAttributes(node);
        graph.setNodeAttribute(node, "x", a.x + dx);
        graph.setNodeAttribute(node, "y", -(a.y + dy));  // sigma's y axis points up
      });
    });
  }

  // After the first framing: zoom out and recentre so that every shown node and its label
  // (to the node's right) is inside the view.
  function frameLabels(renderer, graph, container, measure) {
    var W = container.clientWidth, H = container.clientHeight, pad = 12;
    var L = Infinity, R = -Infinity, T = Infinity, B = -Infinity;
    graph.forEachNode(function (node, a) {
      if (a.hidden) return;
      var d = renderer.getNodeDisplayData(node);
      if (!d) return;
      var p = renderer.framedGraphToViewport(d), r = renderer.scaleSize(d.size);
      L = Math.min(L, p.x - r); T = Math.min(T, p.y - r - LABEL_SIZE); B = Math.max(B, p.y + r + 4);
      R = Math.max(R, p.x + r + 4 + (a.label ? measure.measureText(a.label).width : 0));
    });
    if (!(L < R) || !W || !H) return;
    var ratio = Math.max(1, (R - L) / (W - 2 * pad), (B - T) / (H - 2 * pad));
    var centre = renderer.viewportToFramedGraph({x: (L + R) / 2, y: (T + B) / 2});
    renderer.getCamera().setState({x: centre.x, y: centre.y, ratio: ratio});
  }

  function placeHidden(graph) {
    var lonely = 0;
    graph.forEachNode(function (node, a) {
      if (!a.hidden) return;
      var sx = 0, sy = 0, k = 0;
      graph.forEachNeighbor(node, function (other, b) { if (!b.hidden) { sx += b.x; sy += b.y; k++; } });
      var p = spiral(k ? graph.degree(node) : lonely++);
      graph.setNodeAttribute(node, "x", k ? sx / k + p.x * 0.3 : p.x - 200);
      graph.setNodeAttribute(node, "y", k ? sy / k + p.y * 0.3 : p.y);
    });
  }

  function draw(container, data, opts) {
    opts = opts || {};
    var graph = build(data);
    settle(graph, data.positioned, (container.clientWidth || 900) / (container.clientHeight || 600));
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

    // The reducers run for every node and edge at each full refresh: they hand back the
    // attributes themselves unless something changes (a copy each made 50,000 nodes slow).
    var state = {dim: null}, renderer = null, edgeLabels = graph.order <= 300, zoomedOut = true;
    renderer = new Sigma(graph, container, {
      allowInvalidContainer: true, renderEdgeLabels: edgeLabels, labelFont: FONT,
      labelSize: LABEL_SIZE, labelRenderedSizeThreshold: Infinity, defaultDrawNodeLabel: drawLabel,
      edgeLabelSize: 10, edgeLabelColor: {color: "#666"}, zIndex: true,
      defaultEdgeType: "arrow", minCameraRatio: 0.02, maxCameraRatio: 4,
      nodeReducer: function (node, attrs) {
        var label = placed.has(node), dimmed = state.dim && !state.dim.has(node);
        if (!label && !attrs.focus && !dimmed) return attrs;  // its label is never drawn: not placed
        var out = Object.assign({}, attrs);
        out.forceLabel = label;
        if (attrs.focus) { out.highlighted = true; out.zIndex = 2; }
        if (dimmed) { out.color = "#e6e6e6"; out.label = ""; out.forceLabel = false; }
        return out;
      },
      edgeReducer: function (edge, attrs) {
        // edge labels only when zoomed in far enough for them to have room
        var hide = state.dim && !(state.dim.has(graph.source(edge)) && state.dim.has(graph.target(edge)));
        if (!hide && !(edgeLabels && zoomedOut)) return attrs;
        var out = Object.assign({}, attrs);
        if (edgeLabels && zoomedOut) out.label = "";
        if (hide) out.hidden = true;
        return out;
      }
    });
    if (!data.positioned && graph.order <= 3000) frameLabels(renderer, graph, container, measure);
    renderer.on("beforeRender", function () { drawn.length = 0; });

    function overlap(a, b) {
      return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    }
    // Which labels to show: the most important nodes first, each only where it has room.
    // Returns the nodes whose label changed (placed now or before), to refresh only those.
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
      var boxes = [], before = placed, discs = [];
      placed = new Set();
      // a label covers no other label, nor a node more important than its own
      for (var i = 0; i < cands.length && placed.size < MAX_LABELS && i < 5000; i++) {
        var c = cands[i], label = graph.getNodeAttribute(c[1], "label");
        var free = !!label, j;
        if (free) {
          var w = widths[label] || (widths[label] = measure.measureText(label).width);
          var box = {x: c[2].x + c[3] + 3, y: c[2].y + LABEL_SIZE / 3 - LABEL_SIZE - 1, w: w + 2, h: LABEL_SIZE + 4};
          for (j = 0; j < boxes.length && free; j++) free = !overlap(box, boxes[j]);
          for (j = 0; j < discs.length && free; j++) free = !overlap(box, discs[j]);
          if (free) { boxes.push(box); placed.add(c[1]); }
        }
        discs.push({x: c[2].x - c[3], y: c[2].y - c[3], w: 2 * c[3], h: 2 * c[3]});
      }
      var changed = [];
      before.forEach(function (n) { if (!placed.has(n) && graph.hasNode(n)) changed.push(n); });
      placed.forEach(function (n) { if (!before.has(n)) changed.push(n); });
      return changed;
    }
    function refreshLabels(changed) {
      renderer.refresh({partialGraph: {nodes: changed}, skipIndexation: true});
    }
    var pending = false;
    function relabel(full) {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () {
        pending = false;
        var changed = placeLabels();
        if (full) renderer.refresh({skipIndexation: true}); else refreshLabels(changed);
      });
    }
    renderer.getCamera().on("updated", function (cam) {
      var out = cam.ratio > 0.6;
      if (edgeLabels && out !== zoomedOut) { zoomedOut = out; relabel(true); } else relabel(false);
    });
    zoomedOut = renderer.getCamera().getState().ratio > 0.6;
    refreshLabels(placeLabels());
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
        relabel(true);
      },
      focus: function (node) {
        var d = renderer.getNodeDisplayData(node);
        if (!d) return;
        state.dim = new Set([node].concat(graph.neighbors(node)));
        renderer.getCamera().animate({x: d.x, y: d.y, ratio: 0.5}, {duration: 300});
        relabel(true);
      },
      clearFocus: function () { state.dim = null; relabel(true); },
      merge: function (more) {  // add nodes and edges (an expanded neighbourhood)
        var before = graph.order, from = graph.order;
        more.nodes.forEach(function (n, i) {
          if (!graph.hasNode(String(n.id))) graph.addNode(String(n.id), nodeAttributes(n, spiral(from + i)));
        });
        addEdges(graph, more.edges);
        if (graph.order > before) {
          settle(graph, false, container.clientWidth / (container.clientHeight || 1));
          renderer.refresh(); relabel(true);
        }
        return graph.order - before;
      },
      labels: function () { return drawn.slice(); },
      placeLabels: placeLabels
    };
    return api;
  }

  global.KGGraph = {draw: draw, fold: fold, COLORS: COLORS};
})(window);
