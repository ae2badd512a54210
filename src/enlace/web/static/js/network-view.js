/* The coordinator's network view: draws the server-filtered network with cytoscape.js
   (vendored, loaded only on this page) and shows a node's or a link's details in an
   accessible side panel. Without JavaScript the page is the filter form and the tables;
   this script adds the drawing and a "graph / table" toggle. Keyboard: focus the drawing,
   arrow keys move between agencies, Shift + arrow keys between links. */
(function () {
  "use strict";

  var container = document.getElementById("network-graph");
  if (!container || typeof window.cytoscape !== "function") { return; }
  var graphView = document.getElementById("network-graph-view");
  var tableView = document.getElementById("network-table-view");
  var toggle = document.querySelector("[data-view-toggle]");
  var viewInput = document.querySelector("[data-view-input]");
  var details = document.getElementById("details-body");
  var panel = document.getElementById("network-details");
  var words = {};
  var template = document.getElementById("details-words");
  if (template) {
    template.content.querySelectorAll("[data-word]").forEach(function (el) {
      words[el.getAttribute("data-word")] = el.textContent;
    });
  }
  var style = JSON.parse(container.getAttribute("data-style") || "{}");
  var cy = null;
  var order = { node: [], edge: [] };
  var position = { node: -1, edge: -1 };

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function fact(list, term, value) {
    var row = el("div");
    row.appendChild(el("dt", term));
    var dd = el("dd");
    if (typeof value === "string") { dd.textContent = value; } else { dd.appendChild(value); }
    row.appendChild(dd);
    list.appendChild(row);
  }

  function link(text, href) { return el("a", text, { href: href }); }

  function neighbourhoodHref(slug) {
    var url = new URL(window.location.href);
    url.searchParams.set("agencia", slug);
    url.searchParams.set("vista", "grafo");
    return url.pathname + url.search;
  }

  function showNode(node) {
    var d = node.data();
    details.textContent = "";
    details.appendChild(el("h3", d.label));
    var facts = el("dl", "", { "class": "facts" });
    fact(facts, words.sector || "Sector", d.categoryLabel);
    fact(facts, words.region || "Region", d.regionName || "—");
    details.appendChild(facts);
    var actions = el("p");
    actions.appendChild(link(words["agency-page"] || "Agency page", d.href));
    actions.appendChild(document.createTextNode(" · "));
    actions.appendChild(link(words.neighbourhood || "Neighbourhood", neighbourhoodHref(d.slug)));
    details.appendChild(actions);
    details.appendChild(el("h3", words.agreements || "Agreements"));
    var edges = node.connectedEdges();
    if (!edges.length) {
      details.appendChild(el("p", words.none || "None."));
      return;
    }
    var list = el("ul");
    edges.forEach(function (edge) {
      var e = edge.data();
      var item = el("li");
      if (e.href) { item.appendChild(link(e.title, e.href)); } else { item.appendChild(document.createTextNode(e.kindLabel)); }
      var other = edge.source().id() === node.id() ? edge.target() : edge.source();
      item.appendChild(document.createTextNode(" · " + other.data("label") + " · " + e.stateLabel));
      list.appendChild(item);
    });
    details.appendChild(list);
  }

  function showEdge(edge) {
    var e = edge.data();
    details.textContent = "";
    details.appendChild(el("h3", e.title || e.kindLabel));
    var facts = el("dl", "", { "class": "facts" });
    fact(facts, words.kind || "Kind", e.kindLabel);
    fact(facts, words.status || "Status", e.stateLabel);
    if (e.validFrom) { fact(facts, words.valid || "Valid", e.validFrom + " – " + (e.validTo || words["no-end"] || "")); }
    var between = el("span");
    [edge.source(), edge.target()].forEach(function (n, i) {
      if (i) { between.appendChild(document.createTextNode(" → ")); }
      between.appendChild(link(n.data("label"), n.data("href")));
    });
    fact(facts, words.between || "Between", between);
    details.appendChild(facts);
    if (e.href) {
      var p = el("p");
      p.appendChild(link(words["agreement-page"] || "Agreement page", e.href));
      details.appendChild(p);
    }
  }

  function select(element) {
    cy.elements().unselect();
    element.select();
    if (element.isNode()) { showNode(element); } else { showEdge(element); }
    container.setAttribute("data-selected", element.id());
  }

  function stylesheet() {
    var rules = [
      { selector: "node", style: {
        "label": "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 110,
        "text-valign": "bottom", "text-margin-y": 3, "color": "#1f2933",
        "width": 22, "height": 22, "border-width": 1, "border-color": "#000" } },
      { selector: "edge", style: {
        "width": 2, "curve-style": "bezier", "target-arrow-shape": "triangle",
        "arrow-scale": 0.8 } },
      { selector: "edge[!active]", style: { "opacity": 0.4 } },
      { selector: ":selected", style: { "overlay-color": "#000", "overlay-opacity": 0.25, "overlay-padding": 6 } }
    ];
    Object.keys(style.nodes || {}).forEach(function (category) {
      var s = style.nodes[category];
      rules.push({ selector: "node[category = '" + category + "']", style: { "shape": s.shape, "background-color": s.colour } });
    });
    Object.keys(style.edges || {}).forEach(function (kind) {
      var s = style.edges[kind];
      var rule = { "line-color": s.colour, "target-arrow-color": s.colour, "line-style": s.line, "width": s.width };
      if (s.dash && s.dash.length) { rule["line-dash-pattern"] = s.dash; }
      rules.push({ selector: "edge[kind = '" + kind + "']", style: rule });
    });
    return rules;
  }

  function sorted(collection) {
    return collection.toArray().sort(function (a, b) {
      var pa = a.isNode() ? a.position() : a.midpoint();
      var pb = b.isNode() ? b.position() : b.midpoint();
      return (pa.x - pb.x) || (pa.y - pb.y);
    });
  }

  function draw(body) {
    var elements = body.elements || { nodes: [], edges: [] };
    container.setAttribute("data-nodes", String(elements.nodes.length));
    container.setAttribute("data-edges", String(elements.edges.length));
    if (cy) { cy.destroy(); }
    cy = window.cytoscape({
      container: container,
      elements: elements,
      style: stylesheet(),
      layout: { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true },
      boxSelectionEnabled: false
    });
    cy.on("tap", "node, edge", function (event) { select(event.target); });
    window.enlaceNetwork = cy;  // for the browser tests and the console
    order.node = sorted(cy.nodes());
    order.edge = sorted(cy.edges());
    position = { node: -1, edge: -1 };
    container.setAttribute("data-drawn", "true");
    if (!elements.nodes.length && body.message) { details.textContent = body.message; }
  }

  container.addEventListener("keydown", function (event) {
    var keys = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    if (!cy || !(event.key in keys)) { return; }
    var kind = event.shiftKey ? "edge" : "node";
    var list = order[kind];
    if (!list.length) { return; }
    event.preventDefault();
    position[kind] = (position[kind] + keys[event.key] + list.length) % list.length;
    var element = list[position[kind]];
    select(element);
    cy.animate({ center: { eles: element }, duration: 0 });
  });

  function setView(name) {
    var graph = name === "grafo";
    graphView.hidden = !graph;
    tableView.hidden = graph;
    toggle.querySelectorAll("[data-view]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-view") === name));
    });
    if (viewInput) { viewInput.value = name; }
    if (graph && cy) { cy.resize(); cy.fit(undefined, 20); }
  }

  toggle.hidden = false;
  toggle.addEventListener("click", function (event) {
    var button = event.target.closest("[data-view]");
    if (button) { setView(button.getAttribute("data-view")); }
  });
  var params = new URLSearchParams(window.location.search);
  setView(params.get("vista") === "tabla" ? "tabla" : "grafo");
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { container.focus(); }
  });

  fetch(container.getAttribute("data-source"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (body) { draw(body); if (!graphView.hidden) { cy.resize(); cy.fit(undefined, 20); } })
    .catch(function () { setView("tabla"); toggle.hidden = true; });
}());
