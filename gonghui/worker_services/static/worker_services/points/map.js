/* The service points page: registers the service worker (offline use), asks the browser for the position and
   sorts the kept public points by great-circle distance in the page, drawing them on a plain SVG around the
   position with a scale. Without JavaScript or a position the page's own list (by city and district, or
   ?lat=&lon= sorted on the server) stays. */
(function () {
  "use strict";
  var app = document.getElementById("points-app");
  if (!app) return;
  var R = 6371008.8;
  var SHOWN = 10;
  var SVG = "http://www.w3.org/2000/svg";
  var status = document.getElementById("locate-status");
  var button = document.getElementById("locate");

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(app.dataset.sw).catch(function () {});
  }

  function rad(d) { return d * Math.PI / 180; }
  function haversine(lat1, lon1, lat2, lon2) {
    var dp = rad(lat2 - lat1), dl = rad(lon2 - lon1);
    var a = Math.pow(Math.sin(dp / 2), 2) + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.pow(Math.sin(dl / 2), 2);
    return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
  }
  var msg = app.dataset;
  function label(m) { return m < 1000 ? msg.metres.replace("%s", Math.round(m / 10) * 10) : msg.km.replace("%s", (m / 1000).toFixed(1)); }
  function openNow(p, now) {
    if (p.status !== "active") return false;
    var day = String((now.getDay() + 6) % 7);
    var hm = ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2);
    return (p.hours[day] || []).some(function (r) { return r[0] <= hm && hm < r[1]; });
  }
  function el(tag, attrs, text, ns) {
    var node = ns ? document.createElementNS(SVG, tag) : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function detailUrl(id) { return app.dataset.detail.replace(/0\/$/, id + "/"); }

  function draw(lat, lon, rows) {
    var svg = document.getElementById("near-map");
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var half = 160, reach = Math.max(100, rows.reduce(function (m, r) { return Math.max(m, r.d); }, 0)) * 1.15;
    var k = (half - 16) / reach, c = Math.cos(rad(lat));
    svg.appendChild(el("rect", { x: 0, y: 0, width: 320, height: 320, fill: "#f4f7fb", stroke: "#c9d3e0" }, undefined, true));
    svg.appendChild(el("text", { x: 160, y: 34, "text-anchor": "middle", "font-size": 11, fill: "#667" }, msg.north, true));
    rows.forEach(function (r, i) {
      var x = half + rad(r.p.lon - lon) * c * R * k, y = half - rad(r.p.lat - lat) * R * k;
      var a = el("a", { href: detailUrl(r.p.id) }, undefined, true);
      a.appendChild(el("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 9, fill: "#c62828" }, undefined, true));
      a.appendChild(el("text", { x: x.toFixed(1), y: y.toFixed(1), dy: 4, "text-anchor": "middle", "font-size": 10, fill: "#fff" }, String(i + 1), true));
      a.appendChild(el("title", {}, r.p.name, true));
      svg.appendChild(a);
    });
    svg.appendChild(el("circle", { cx: half, cy: half, r: 7, fill: "#1565c0", stroke: "#fff", "stroke-width": 3 }, undefined, true));
    svg.appendChild(el("text", { x: half, y: half, dy: 22, "text-anchor": "middle", "font-size": 11, fill: "#1565c0" }, msg.here, true));
    var steps = [50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000];
    var step = steps.filter(function (s) { return s <= reach / 3; }).pop() || 50;
    svg.appendChild(el("line", { x1: 12, y1: 304, x2: (12 + step * k).toFixed(1), y2: 304, stroke: "#333", "stroke-width": 3 }, undefined, true));
    svg.appendChild(el("text", { x: 12, y: 296, "font-size": 11, fill: "#333" }, label(step), true));
  }

  function show(lat, lon, data) {
    var kind = app.dataset.kind, now = new Date();
    var rows = data.points
      .filter(function (p) { return !kind || p.kind === kind; })
      .map(function (p) { return { p: p, d: haversine(lat, lon, p.lat, p.lon) }; })
      .sort(function (a, b) { return a.d - b.d; })
      .slice(0, 20);
    var list = document.getElementById("near-list");
    while (list.firstChild) list.removeChild(list.firstChild);
    rows.forEach(function (r, i) {
      var li = el("li", { "class": "p-card", "data-point": r.p.id });
      var a = el("a", { href: detailUrl(r.p.id) });
      a.appendChild(el("strong", {}, (i + 1) + ". " + r.p.name));
      li.appendChild(a);
      li.appendChild(document.createTextNode(" · " + label(r.d)));
      li.appendChild(el("p", { "class": "p-hint" }, r.p.kind_label + " · " + r.p.district + " " + r.p.address));
      var state = r.p.status === "suspended" ? msg.suspended : (openNow(r.p, now) ? msg.open : msg.shut);
      var facilities = r.p.facilities.map(function (f) { return data.facilities[f] || f; }).join("、");
      li.appendChild(el("p", {}, state + (facilities ? " · " + facilities : "")));
      list.appendChild(li);
    });
    draw(lat, lon, rows.slice(0, SHOWN));
    document.getElementById("near-client").hidden = false;
    var server = document.getElementById("server-result");
    if (server) server.hidden = true;
  }

  function locate() {
    status.textContent = msg.locating;
    navigator.geolocation.getCurrentPosition(function (pos) {
      var lat = pos.coords.latitude, lon = pos.coords.longitude;
      fetch(app.dataset.data, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) {
          show(lat, lon, data);
          status.textContent = navigator.onLine === false ? msg.offline : msg.sorted;
        })
        .catch(function () { status.textContent = msg.nodata; });
    }, function () {
      status.textContent = msg.noposition;
    }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
  }

  if ("geolocation" in navigator) {
    button.hidden = false;
    button.addEventListener("click", locate);
    if (!/[?&]lat=/.test(location.search)) locate();
  }
})();
