/* kaisetsu default theme: progressive enhancement for glossary tooltips.
 * Without this file the tooltips still show on hover and keyboard focus (CSS only).
 * With it: a first tap on a touch screen shows the tooltip and a second tap follows
 * the link; Esc hides any open tooltip; tooltips are nudged to stay inside the viewport.
 * No dependencies. */
(function () {
  "use strict";
  var doc = document;
  if (!doc.addEventListener || !doc.querySelector) return;

  var MARGIN = 8; /* px kept between a tooltip and the viewport edge */
  var lastPointer = "mouse";
  var frame = 0;

  function closest(el, selector) {
    while (el && el.nodeType === 1) {
      if (el.matches ? el.matches(selector) : el.msMatchesSelector(selector)) return el;
      el = el.parentNode;
    }
    return null;
  }

  function termOf(el) {
    return el && el.nodeType === 1 ? closest(el, ".term") : null;
  }

  function tipOf(term) {
    return term.querySelector(".term-tip");
  }

  function eachTerm(selector, fn) {
    var list = doc.querySelectorAll(selector);
    for (var i = 0; i < list.length; i++) fn(list[i]);
  }

  function isShown(term) {
    var tip = tipOf(term);
    return !!tip && tip.getClientRects().length > 0;
  }

  /* Keep a shown tooltip inside the viewport: shift it sideways, or flip it above the term
   * when there is no room below. Uses CSS custom properties read by style.css. */
  function place(term) {
    var tip = tipOf(term);
    if (!tip) return;
    tip.style.removeProperty("--tip-dx");
    tip.style.removeProperty("--tip-dy");
    term.classList.remove("tip-above");
    if (!isShown(term)) return;
    var vw = doc.documentElement.clientWidth || window.innerWidth;
    var vh = window.innerHeight;
    var r = tip.getBoundingClientRect();
    var dx = 0;
    if (r.width > vw - 2 * MARGIN) {
      dx = MARGIN - r.left;
    } else if (r.right > vw - MARGIN) {
      dx = vw - MARGIN - r.right;
    } else if (r.left < MARGIN) {
      dx = MARGIN - r.left;
    }
    if (dx) tip.style.setProperty("--tip-dx", Math.round(dx) + "px");
    var ref = term.querySelector(".term-ref") || term;
    var rects = ref.getClientRects();
    var first = rects.length ? rects[0] : ref.getBoundingClientRect();
    var above = first.top - 6 - r.height;
    if (r.bottom > vh - MARGIN && above > MARGIN) {
      tip.style.setProperty("--tip-dy", Math.round(above - r.top) + "px");
      term.classList.add("tip-above");
    }
  }

  function placeSoon(term) {
    if (frame) cancelAnimationFrame(frame);
    frame = requestAnimationFrame(function () {
      frame = 0;
      place(term);
    });
  }

  function closeAll(except) {
    eachTerm(".term.is-open", function (t) {
      if (t !== except) t.classList.remove("is-open");
    });
  }

  function open(term) {
    closeAll(term);
    term.classList.remove("is-dismissed");
    term.classList.add("is-open");
    placeSoon(term);
  }

  doc.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType || "mouse";
    var term = termOf(e.target);
    /* a tap or click outside closes tooltips opened by tapping */
    closeAll(term);
  }, true);

  doc.addEventListener("click", function (e) {
    var ref = closest(e.target, ".term-ref");
    if (!ref) return;
    var term = termOf(ref);
    if (!term) return;
    if (lastPointer !== "touch" && lastPointer !== "pen") return;
    if (term.classList.contains("is-open")) {
      /* second tap: follow the link */
      term.classList.remove("is-open");
      return;
    }
    e.preventDefault();
    open(term);
  });

  doc.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" && e.key !== "Esc") return;
    var any = false;
    eachTerm(".term", function (t) {
      if (t.classList.contains("is-open") || isShown(t)) {
        t.classList.remove("is-open");
        t.classList.add("is-dismissed");
        any = true;
      }
    });
    if (any) e.preventDefault();
  });

  /* A dismissed tooltip may show again once the pointer or focus comes back to its term. */
  doc.addEventListener("mouseover", function (e) {
    var term = termOf(e.target);
    if (!term) return;
    if (!term.contains(e.relatedTarget)) term.classList.remove("is-dismissed");
    placeSoon(term);
  });

  doc.addEventListener("focusin", function (e) {
    var term = termOf(e.target);
    if (!term) return;
    if (!term.contains(e.relatedTarget)) term.classList.remove("is-dismissed");
    placeSoon(term);
  });

  window.addEventListener("resize", function () {
    eachTerm(".term.is-open", placeSoon);
  });

  doc.documentElement.classList.add("js");
})();
