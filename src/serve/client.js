(function () {
  if (window.__kaisetsuLive) return;
  window.__kaisetsuLive = true;
  var KEY = "kaisetsu-scroll:" + location.pathname;
  // A position saved before the last reload and not yet restored: a second reload that comes
  // before the page has finished loading must keep it rather than save the top of the page.
  var pending = null;
  try {
    var saved = sessionStorage.getItem(KEY);
    if (saved) {
      sessionStorage.removeItem(KEY);
      pending = JSON.parse(saved);
      var restore = function () {
        if (pending) window.scrollTo(pending[0], pending[1]);
      };
      var done = function () { restore(); pending = null; };
      if (document.readyState === "complete") done();
      else {
        addEventListener("DOMContentLoaded", restore);
        addEventListener("load", done);
      }
    }
  } catch (e) {}
  function here() {
    var p = location.pathname;
    try { p = decodeURIComponent(p); } catch (e) {}
    p = p.replace(/^\/+/, "");
    if (p === "" || p.slice(-1) === "/") p += "index.html";
    return p;
  }
  function reload() {
    try { sessionStorage.setItem(KEY, JSON.stringify(pending || [window.scrollX, window.scrollY])); } catch (e) {}
    location.reload();
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function overlay(list) {
    var old = document.getElementById("kaisetsu-overlay");
    if (old) old.parentNode.removeChild(old);
    if (!list.length) return;
    var html = "<strong>kaisetsu: the last rebuild failed; showing the last good version</strong>";
    list.forEach(function (d) {
      var l = d.location, at = l.path;
      if (l.line) at += ":" + l.line + (l.col ? ":" + l.col : "");
      html += '<div class="kaisetsu-diag"><code>' + esc(at) + "</code> " + esc(d.message);
      if (d.source_line) html += "<pre>" + esc(d.source_line) + "</pre>";
      if (d.help) html += "<div>help: " + esc(d.help) + "</div>";
      html += "</div>";
    });
    var div = document.createElement("div");
    div.id = "kaisetsu-overlay";
    div.setAttribute("style", OVERLAY_STYLE);
    // A shadow root keeps the page's styles (code, pre, div) out of the overlay.
    div.attachShadow({ mode: "open" }).innerHTML =
      "<style>" + OVERLAY_CSS + '</style><div class="panel" role="alert">' + html + "</div>";
    (document.body || document.documentElement).appendChild(div);
  }
  // The build this page came from (stamped by the server). A rebuild that finished after the
  // page was served but before the event stream connected shows as a newer build in "hello".
  var stamp = document.querySelector('meta[name="kaisetsu-build"]');
  var built = stamp ? Number(stamp.getAttribute("content")) : null;
  var es = new EventSource("/__kaisetsu/events");
  // Only the first connection can miss a reload this way; later ones (after a dropped
  // connection or a server restart) are not compared.
  es.addEventListener("hello", function (e) {
    if (built !== null && Number(e.data) > built) reload();
    built = null;
  });
  es.addEventListener("reload", function (e) {
    var me = here();
    var paths = JSON.parse(e.data);
    if (paths.some(function (p) {
      return p === "*" || p === me || p === "404.html" || !/\.(html|xml|txt|css)$/.test(p);
    })) reload();
  });
  es.addEventListener("css", function () {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (l) {
      var u = new URL(l.href, location.href);
      u.searchParams.set("kaisetsu", String(Date.now()));
      l.href = u.toString();
    });
  });
  es.addEventListener("build-error", function (e) {
    var show = function () { overlay(JSON.parse(e.data)); };
    if (document.body) show(); else addEventListener("DOMContentLoaded", show);
  });
})();
