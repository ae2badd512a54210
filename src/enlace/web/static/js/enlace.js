/* Enlace public directory: small progressive enhancements. Everything works without it.
 *
 * - "Take this with you": offers saved in this browser only (localStorage, never sent to
 *   the server except as the list page's query string when the person opens it).
 * - Filters submit themselves when changed (results page).
 * - Print buttons.
 * - Suggestions under the search box as the person types (a WAI-ARIA combobox: arrows
 *   move, Enter opens the highlighted one, Escape closes; plain submit still searches).
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
    if (!region || !window.fetch || !window.DOMParser || !window.history.pushState || !window.URL) { return; }

    function withoutFragment(url) { return String(url).split("#")[0]; }
    var shown = withoutFragment(window.location.href);

    function load(url, push) {
      shown = withoutFragment(new window.URL(url, window.location.href).href);
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
    /* A jump within the page (the "Filters" link) also fires popstate: not a new search. */
    window.addEventListener("popstate", function () {
      if (withoutFragment(window.location.href) === shown) { return; }
      load(window.location.href, false);
    });
  }

  function enhanceSearchBox() {
    var input = document.getElementById("q");
    var list = document.getElementById("q-suggestions");
    if (!input || !list || !window.fetch) { return; }
    var endpoint = list.getAttribute("data-suggest");
    var timer = null;
    var active = -1;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function options() { return list.querySelectorAll("[role=option]"); }

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var all = options();
      if (!all.length) { return; }
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) { option.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function render(completions) {
      close();
      completions.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-url", item.url);
        var label = document.createElement("span");
        label.textContent = item.label;
        var kind = document.createElement("span");
        kind.className = "suggestion-kind";
        kind.textContent = list.getAttribute("data-kind-" + item.kind) || "";
        option.appendChild(label);
        option.appendChild(kind);
        list.appendChild(option);
      });
      if (completions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < 2) { close(); return; }
      window.fetch(endpoint + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" }, credentials: "same-origin"
      })
        .then(function (response) { return response.ok ? response.json() : { completions: [] }; })
        .then(function (data) {
          if (input.value.trim() === text && document.activeElement === input) { render(data.completions || []); }
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) { return; }
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.assign(options()[active].getAttribute("data-url"));
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    /* Keep the focus in the box while a suggestion is clicked, so the click lands. */
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest ? event.target.closest("[role=option]") : null;
      if (option) { window.location.assign(option.getAttribute("data-url")); }
    });
    input.addEventListener("blur", close);
  }

  function init() {
    enhanceResults();
    enhanceSearchBox();
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
