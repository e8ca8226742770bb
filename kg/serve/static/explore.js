/* kg serve's pages: the neighbourhood graph, fetched from /graph when a page opens,
 * grown on demand (click a node), never more than MAX_NODES at once.
 * Names are drawn on the canvas or set with textContent only. */
(function () {
  "use strict";
  var MAX_NODES = 400;
  var box = document.getElementById("graph");
  if (!box || !window.KGGraph) return;
  var note = document.getElementById("graph-note"), view = null, expanded = {}, urls = {};

  function fetchAround(iri) {
    return fetch("/graph?limit=150&iri=" + encodeURIComponent(iri), {headers: {Accept: "application/json"}})
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); });
  }
  function remember(data) {
    data.nodes.forEach(function (n) { if (n.url) urls[n.id] = n.url; if (n.id === data.centre) n.focus = true; });
  }
  function say(text) { if (note) note.textContent = text; }

  fetchAround(box.dataset.iri).then(function (data) {
    remember(data);
    expanded[data.centre] = true;
    if (!data.nodes.length) { say("Không có quan hệ nào."); window.__kgFirstDraw = performance.now(); return; }
    view = KGGraph.draw(box, data, {
      onClick: function (node) {
        if (expanded[node] || view.graph.order >= MAX_NODES) {
          if (view.graph.order >= MAX_NODES) say("Đã đủ " + MAX_NODES + " nút: mở trang của nút để xem tiếp.");
          return;
        }
        expanded[node] = true;
        fetchAround(node).then(function (more) {
          remember(more);
          var room = MAX_NODES - view.graph.order;
          more.nodes = more.nodes.slice(0, Math.max(0, room));
          var added = view.merge(more);
          say("+" + added + " nút quanh “" + view.graph.getNodeAttribute(node, "fullName") + "”.");
        }).catch(function (err) { say("Lỗi: " + err.message); });
      }
    });
    view.renderer.on("doubleClickNode", function (ev) {
      if (urls[ev.node]) window.location.assign(urls[ev.node]);
    });
    window.kgView = view;
    say(data.nodes.length + " nút" + (data.left_out ? ", " + data.left_out + " nút khác không vẽ" : "") + ".");
  }).catch(function (err) { say("Lỗi: " + err.message); window.__kgGraphError = String(err); });
})();
