/* kaisetsu default theme: site search (issue 15). Our own code, no dependencies, no network
 * beyond the site's own static index (search-index/ of the page's language).
 *
 * The header's <search> element is hidden without JavaScript; this shows it. The index is
 * fetched on the field's first focus: meta.json, then the shards a query needs, then the
 * files of the pages it shows. A query is split the way the build split the text
 * (src/search/tokens.rs): folded, runs of letters and digits as words (stemmed by the
 * index's own word → stem table), runs of Chinese or Japanese script as character pairs.
 * The field follows the WAI-ARIA combobox pattern: the results are a listbox of options,
 * each holding its link; arrows move, Enter opens, Esc closes. */
(function () {
  "use strict";
  var root = document.querySelector("search.site-search[data-search-index]");
  if (!root || !window.fetch || !window.Promise || !String.prototype.normalize) return;

  var CJK = /[\u3005\u3041-\u3096\u309D-\u309F\u30A1-\u30FA\u30FC-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/;
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var MAX_RESULTS = 8;
  var base = root.getAttribute("data-search-index");
  var input = root.querySelector("input");
  var panel = root.querySelector(".site-search-panel");
  var status = root.querySelector("[role=status]");
  var list = root.querySelector("[role=listbox]");

  /* ---------- Terms: the same steps as src/search/tokens.rs ---------- */
  function fold(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").normalize("NFKC").toLowerCase();
  }

  function runs(text) {
    var out = [], cur = "", kind = null;
    for (var c of text) {
      var k = CJK.test(c) ? "cjk" : WORD.test(c) ? "word" : null;
      if (k !== kind && cur) { out.push({ text: cur, cjk: kind === "cjk" }); cur = ""; }
      kind = k;
      if (k) cur += c;
    }
    if (cur) out.push({ text: cur, cjk: kind === "cjk" });
    return out;
  }

  function bigrams(run) {
    var cs = Array.from(run);
    if (cs.length < 2) return [run];
    var out = [];
    for (var i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1]);
    return out;
  }

  function shardKey(term) {
    var cs = Array.from(term);
    if (!cs.length) return term;
    return CJK.test(cs[0]) ? cs[0] : cs.slice(0, 3).join("");
  }

  var encoder = new TextEncoder();
  function fnv1a(s) {
    var h = 0x811c9dc5;
    var bytes = encoder.encode(s);
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h;
  }
  function shardOf(term, n) { return fnv1a(shardKey(term)) % Math.max(n, 1); }
  /* A name is looked up whole: its file is the hash of the whole key. */
  function nameShardOf(key, n) { return fnv1a(key) % Math.max(n, 1); }

  function nameKey(q) {
    return runs(fold(q)).map(function (r) { return r.text; }).join(" ");
  }

  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter("ja", { granularity: "word" }) : null;
  function cjkWords(run) {
    if (!segmenter) return [];
    var out = [];
    for (var s of segmenter.segment(run)) if (s.isWordLike) out.push(s.segment);
    return out;
  }

  /* ---------- The index ---------- */
  var meta = null, metaPromise = null, shards = {}, nameFiles = {}, pages = {};

  function getJSON(path) {
    return fetch(base + path).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    });
  }

  function loadMeta() {
    if (!metaPromise) {
      metaPromise = getJSON("meta.json").then(function (m) {
        if (m.v !== 2) throw new Error("unknown index version " + m.v);
        meta = m;
        meta.stopSet = new Set(m.stop);
        return m;
      });
      metaPromise.catch(function () { metaPromise = null; });
    }
    return metaPromise;
  }

  /* The file dir/n.json, fetched once (forgotten if the fetch fails, to be tried again). */
  function cached(store, dir, n) {
    if (!store[n]) {
      store[n] = getJSON(dir + "/" + n + ".json");
      store[n].catch(function () { delete store[n]; });
    }
    return store[n];
  }
  function shardFor(term) { return cached(shards, "s", shardOf(term, meta.shards)); }
  function namesFor(key) { return cached(nameFiles, "n", nameShardOf(key, meta.shards)); }
  function page(n) { return cached(pages, "d", n); }

  /* Postings are [doc, score, doc − previous doc, score, …]. */
  function decode(list, weight, into) {
    var doc = 0;
    for (var i = 0; i < list.length; i += 2) {
      doc += list[i];
      var s = list[i + 1] * weight;
      if (!(into.get(doc) >= s)) into.set(doc, s);
    }
    return into;
  }

  /* The terms a query asks for: every one must match (words, character pairs); the CJK
   * dictionary words only add to the score. */
  function parse(q) {
    var rs = runs(fold(q)), typing = !/\s$/.test(q);
    var need = [], bonus = [], marks = [];
    rs.forEach(function (r, i) {
      var last = typing && i === rs.length - 1;
      if (r.cjk) {
        var single = Array.from(r.text).length === 1;
        bigrams(r.text).forEach(function (b) { need.push({ text: b, prefix: single, word: false }); });
        bonus = bonus.concat(cjkWords(r.text));
        marks.push(r.text);
      } else if (last && Array.from(r.text).length < 3) {
        /* Too short to name a shard as a prefix: it only adds to the score until typed on. */
        bonus.push(r.text);
      } else if (!meta.stopSet.has(r.text)) {
        need.push({ text: r.text, prefix: last, word: true });
      }
    });
    return { need: need, bonus: bonus, marks: marks, name: nameKey(q) };
  }

  function postingsOf(term, weight, into) {
    return shardFor(term).then(function (s) {
      return s.t[term] ? decode(s.t[term], weight, into) : into;
    });
  }

  /* Doc → score for one required term (and the stems it resolved to, for marking). */
  function match(term, stems) {
    return shardFor(term.text).then(function (s) {
      var found = new Map(), jobs = [];
      var stem = term.word && s.w[term.text] ? s.w[term.text] : term.text;
      stems.push(stem);
      jobs.push(postingsOf(stem, 1, found));
      if (term.prefix) {
        var seen = new Set([stem]);
        var add = function (t) {
          if (!seen.has(t)) { seen.add(t); jobs.push(postingsOf(t, 0.6, found)); }
        };
        Object.keys(s.t).forEach(function (k) { if (k.startsWith(term.text)) add(k); });
        Object.keys(s.w).forEach(function (k) { if (k.startsWith(term.text)) add(s.w[k]); });
      }
      return Promise.all(jobs).then(function () { return found; });
    });
  }

  /* Ranked results: [{doc, score}], best first, and what to mark in snippets. */
  function search(q) {
    return loadMeta().then(function () {
      var p = parse(q), stems = [];
      if (!p.need.length && !p.name) return { hits: [], marks: [] };
      var jobs = p.need.map(function (t) { return match(t, stems); });
      var bonus = Promise.all(p.bonus.map(function (w) { return postingsOf(w, 0.5, new Map()); }));
      var names = p.name ? namesFor(p.name).then(function (s) { return s[p.name] || []; }) : Promise.resolve([]);
      return Promise.all([Promise.all(jobs), bonus, names]).then(function (all) {
        var scores = combine(all[0], all[1], all[2]);
        var hits = Array.from(scores, function (e) { return { doc: e[0], score: e[1] }; });
        hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
        var words = stems.filter(function (s) { return !CJK.test(s); });
        return { hits: hits.slice(0, MAX_RESULTS), marks: words.concat(p.marks), cjk: p.marks };
      });
    });
  }

  /* Every required term must match; bonus words add; an exact name ranks its page first. */
  function combine(required, bonus, named) {
    var scores = null;
    required.forEach(function (m) {
      var next = new Map();
      m.forEach(function (s, d) {
        if (scores === null) next.set(d, s);
        else if (scores.has(d)) next.set(d, scores.get(d) + s);
      });
      scores = next;
    });
    scores = scores || new Map();
    bonus.forEach(function (m) {
      m.forEach(function (s, d) { if (scores.has(d)) scores.set(d, scores.get(d) + s); });
    });
    named.forEach(function (d) { scores.set(d, (scores.get(d) || 0) + 1000); });
    return scores;
  }

  /* ---------- Snippets ---------- */
  /* Ranges [from, to) in `text` (by UTF-16 index) of the words starting with a Latin mark
   * and of the CJK marks. Each character is folded alone so indexes map back. */
  function markRanges(text, m) {
    var folded = "", at = [], i = 0;
    for (var c of text) {
      var f = fold(c);
      for (var j = 0; j < f.length; j++) at.push(i);
      folded += f;
      i += c.length;
    }
    at.push(text.length);
    var ranges = [], re = /[\p{Alphabetic}\p{N}]+/gu, w;
    while ((w = re.exec(folded))) {
      var word = w[0];
      if (CJK.test(word)) continue;
      if (m.words.some(function (s) { return word.startsWith(s); })) {
        ranges.push([at[w.index], at[w.index + word.length]]);
      }
    }
    m.cjk.forEach(function (s) {
      for (var k = folded.indexOf(s); k >= 0; k = folded.indexOf(s, k + s.length)) {
        ranges.push([at[k], at[k + s.length]]);
      }
    });
    return ranges.sort(function (a, b) { return a[0] - b[0]; });
  }

  function bestSection(entry, m) {
    var best = null, bestHits = -1;
    entry.s.forEach(function (s) {
      var hits = markRanges(s[1] + " " + s[2], m).length;
      if (hits > bestHits) { best = s; bestHits = hits; }
    });
    return best || ["", "", ""];
  }

  function snippetNodes(text, m) {
    var ranges = markRanges(text, m);
    var start = 0, end = Math.min(text.length, 180);
    if (ranges.length && ranges[0][0] > 60) {
      start = text.lastIndexOf(" ", ranges[0][0] - 50);
      start = start < 0 ? ranges[0][0] - 50 : start + 1;
      end = Math.min(text.length, start + 180);
    }
    var frag = document.createDocumentFragment(), pos = start;
    if (start > 0) frag.appendChild(document.createTextNode("… "));
    ranges.forEach(function (r) {
      if (r[0] < pos || r[1] > end) return;
      frag.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      frag.appendChild(mark);
      pos = r[1];
    });
    frag.appendChild(document.createTextNode(text.slice(pos, end) + (end < text.length ? " …" : "")));
    return frag;
  }

  /* ---------- The combobox ---------- */
  var seq = 0, active = -1;
  var api = { fold: fold, runs: runs, bigrams: bigrams, cjkWords: cjkWords, shardOf: shardOf, nameShardOf: nameShardOf, nameKey: nameKey, search: search, lastLatency: null, shown: null };

  function text(name, vars) {
    var s = root.getAttribute("data-" + name) || "";
    Object.keys(vars || {}).forEach(function (k) { s = s.split("{" + k + "}").join(vars[k]); });
    return s;
  }

  function open(show) {
    panel.hidden = !show;
    input.setAttribute("aria-expanded", show && list.children.length ? "true" : "false");
    if (!show) setActive(-1);
  }

  function setActive(i) {
    var opts = list.children;
    if (active >= 0 && opts[active]) opts[active].setAttribute("aria-selected", "false");
    active = i;
    if (i >= 0 && opts[i]) {
      opts[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", opts[i].id);
      opts[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  /* The option is its link (an <a href> may take the option role), so nothing interactive
   * sits inside another interactive element. */
  function option(entry, n, m) {
    var sec = bestSection(entry, m);
    var a = document.createElement("a");
    a.id = "site-search-option-" + n;
    a.setAttribute("role", "option");
    a.setAttribute("aria-selected", "false");
    a.href = entry.u + (sec[0] ? "#" + sec[0] : "");
    a.tabIndex = -1;
    var title = document.createElement("span");
    title.className = "search-title";
    title.textContent = entry.t;
    var kind = document.createElement("span");
    kind.className = "search-kind";
    kind.textContent = text("kind-" + entry.k) + (entry.d ? " · " + entry.d : "") + (sec[1] ? " › " + sec[1] : "");
    var snip = document.createElement("span");
    snip.className = "search-snippet";
    snip.appendChild(snippetNodes(sec[2], m));
    a.append(title, kind, snip);
    a.addEventListener("mousedown", function (e) { e.preventDefault(); });
    return a;
  }

  function show(q, result, started, mine) {
    var m = { words: result.marks.filter(function (s) { return !CJK.test(s); }), cjk: result.cjk || [] };
    return Promise.all(result.hits.map(function (h) { return page(h.doc); })).then(function (entries) {
      if (mine !== seq) return; /* a later keystroke's results come instead */
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      entries.forEach(function (e, n) { list.appendChild(option(e, n, m)); });
      var count = entries.length;
      status.textContent = count === 0 ? text("none", { q: q }) : count === 1 ? text("count-one") : text("count", { n: count });
      open(true);
      api.lastLatency = performance.now() - started;
      api.shown = q;
    });
  }

  function run(started) {
    var q = input.value, mine = ++seq;
    if (!q.trim()) { list.textContent = ""; status.textContent = ""; open(false); return; }
    if (!meta) status.textContent = text("loading");
    search(q).then(function (result) {
      if (mine === seq) return show(q, result, started, mine);
    }).catch(function (err) {
      if (mine !== seq) return;
      list.textContent = "";
      status.textContent = text("failed");
      open(true);
      api.shown = q;
      if (window.console) console.error("search:", err);
    });
  }

  input.addEventListener("focus", function () { loadMeta().catch(function () {}); });
  input.addEventListener("input", function (e) { run(e.timeStamp || performance.now()); });
  input.addEventListener("keydown", function (e) {
    var n = list.children.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!n) return;
      e.preventDefault();
      if (panel.hidden) open(true);
      var step = e.key === "ArrowDown" ? 1 : -1;
      setActive(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
    } else if (e.key === "Enter" && active >= 0 && !panel.hidden) {
      e.preventDefault();
      list.children[active].click();
    } else if (e.key === "Escape") {
      if (!panel.hidden) { e.preventDefault(); open(false); }
      else if (input.value) { input.value = ""; run(performance.now()); }
    }
  });
  input.addEventListener("blur", function () { open(false); });
  input.addEventListener("focus", function () { if (list.children.length || status.textContent) open(true); });
  /* The combobox exists only with this script: the static markup is a plain search field. */
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  root.hidden = false;
  window.kaisetsuSearch = api;
})();
