// Tabs for the `tabs` shortcode, after the WAI-ARIA tabs pattern
// (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): a tab list of buttons
// built from the panels' labels; Left/Right move between tabs (wrapping),
// Home/End go to the first/last, and the focused tab is shown at once.
// Choosing a tab in a `data-tab-group` switches every tab set of that group
// on the page, and the choice is remembered for the next page.
(function () {
  "use strict";
  var KEY = "versus-tab:";
  var sets = [];

  function remembered(group) {
    try {
      return group ? localStorage.getItem(KEY + group) : null;
    } catch (e) {
      return null;
    }
  }

  function remember(group, label) {
    try {
      if (group) localStorage.setItem(KEY + group, label);
    } catch (e) {
      /* storage may be off: the choice then lasts for this page only */
    }
  }

  function select(set, index, focus) {
    set.tabs.forEach(function (tab, i) {
      var on = i === index;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      set.panels[i].hidden = !on;
    });
    if (focus) set.tabs[index].focus();
  }

  function choose(set, index, focus) {
    var label = set.labels[index];
    select(set, index, focus);
    if (!set.group) return;
    remember(set.group, label);
    sets.forEach(function (other) {
      if (other !== set && other.group === set.group) {
        var i = other.labels.indexOf(label);
        if (i >= 0) select(other, i, false);
      }
    });
  }

  function build(root, n) {
    var panels = Array.prototype.filter.call(root.children, function (el) {
      return el.classList.contains("tab-panel");
    });
    if (!panels.length) return;
    var list = document.createElement("div");
    list.setAttribute("role", "tablist");
    list.className = "tab-list";
    var set = {
      group: root.getAttribute("data-tab-group"),
      tabs: [],
      panels: panels,
      labels: [],
    };
    panels.forEach(function (panel, i) {
      var label = panel.getAttribute("data-tab-label") || "Tab " + (i + 1);
      var id = "tabs-" + n + "-" + i;
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "tab";
      tab.id = id + "-tab";
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", id);
      tab.textContent = label;
      tab.addEventListener("click", function () {
        choose(set, i, false);
      });
      list.appendChild(tab);
      panel.id = id;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.tabIndex = 0;
      set.tabs.push(tab);
      set.labels.push(label);
    });
    list.addEventListener("keydown", function (event) {
      var current = set.tabs.indexOf(document.activeElement);
      if (current < 0) return;
      var last = set.tabs.length - 1;
      var next = {
        ArrowRight: current === last ? 0 : current + 1,
        ArrowLeft: current === 0 ? last : current - 1,
        Home: 0,
        End: last,
      }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      choose(set, next, true);
    });
    root.insertBefore(list, root.firstChild);
    root.classList.add("tabs-ready");
    var start = set.labels.indexOf(remembered(set.group));
    select(set, start < 0 ? 0 : start, false);
    sets.push(set);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".tabs"), build);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
