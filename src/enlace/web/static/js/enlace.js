/* Enlace public directory: small progressive enhancements. Everything works without it.
 *
 * - "Take this with you": offers saved in this browser only (localStorage, never sent to
 *   the server except as the list page's query string when the person opens it).
 * - Filters submit themselves when changed (results page).
 * - Print buttons.
 */
(function () {
  "use strict";

  var KEY = "enlace.myList";

  function readList() {
    try {
      var raw = window.localStorage.getItem(KEY);
      var list = raw ? JSON.parse(raw) : [];
      return Array.isArray(list) ? list.filter(function (s) { return typeof s === "string"; }) : [];
    } catch (e) {
      return [];
    }
  }

  function writeList(list) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(list));
    } catch (e) { /* storage full or disabled: the list simply is not kept */ }
  }

  function listUrl(base, list) {
    var params = list.map(function (slug) { return "o=" + encodeURIComponent(slug); }).join("&");
    return base + (params ? "?" + params : "");
  }

  function refreshListLinks() {
    var list = readList();
    document.querySelectorAll("[data-my-list-link]").forEach(function (link) {
      link.hidden = false;
      link.setAttribute("href", listUrl(link.getAttribute("data-my-list-link"), list));
      var count = link.querySelector("[data-my-list-count]");
      if (count) { count.textContent = String(list.length); }
    });
    document.querySelectorAll("[data-save-offer]").forEach(function (button) {
      var saved = list.indexOf(button.getAttribute("data-save-offer")) !== -1;
      button.setAttribute("aria-pressed", saved ? "true" : "false");
      button.textContent = saved ? button.getAttribute("data-label-saved") : button.getAttribute("data-label-save");
    });
  }

  function toggleSaved(slug) {
    var list = readList();
    var at = list.indexOf(slug);
    if (at === -1) { list.push(slug); } else { list.splice(at, 1); }
    writeList(list);
    refreshListLinks();
  }

  /* Results page: follow filter, sort and page links without reloading the whole page,
   * keeping the address bar and the back button right, and telling screen readers. */
  function enhanceResults() {
    var region = document.querySelector("[data-results]");
    if (!region || !window.fetch || !window.DOMParser || !window.history.pushState) { return; }

    function load(url, push) {
      region.setAttribute("aria-busy", "true");
      return window.fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(function (html) {
          var doc = new window.DOMParser().parseFromString(html, "text/html");
          var fresh = doc.querySelector("[data-results]");
          if (!fresh) { throw new Error("no results"); }
          region.innerHTML = fresh.innerHTML;
          document.title = doc.title;
          if (push) { window.history.pushState({ enlace: true }, "", url); }
          region.removeAttribute("aria-busy");
          var heading = region.querySelector("#results-title");
          if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
          refreshListLinks();
        })
        .catch(function () { window.location.assign(url); });
    }

    region.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-results-link]") : null;
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
      event.preventDefault();
      load(link.getAttribute("href"), true);
    });
    window.addEventListener("popstate", function () { load(window.location.href, false); });
  }

  function init() {
    enhanceResults();
    document.querySelectorAll("[data-save-offer]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { toggleSaved(button.getAttribute("data-save-offer")); });
    });
    document.querySelectorAll("[data-clear-list]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        writeList([]);
        window.location.assign(button.getAttribute("data-clear-list"));
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("form[data-auto-submit]").forEach(function (form) {
      form.addEventListener("change", function (event) {
        if (event.target && event.target.matches("select, input[type=checkbox], input[type=radio]")) {
          form.requestSubmit ? form.requestSubmit() : form.submit();
        }
      });
    });
    refreshListLinks();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
