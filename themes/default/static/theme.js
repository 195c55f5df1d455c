// versus — the light/dark toggle.
//
// Loaded without `defer` in <head>, so the reader's choice is on <html>
// before the first paint (no flash of the other theme), from a file rather
// than an inline script so that sites served with `script-src 'self'` keep it.
// The choice (`data-theme="light" | "dark"`) is kept in localStorage; without
// one, style.css follows the system setting (prefers-color-scheme), as it
// does without JavaScript, where the toggle stays hidden.
(function () {
  'use strict';
  var KEY = 'versus-theme';
  var root = document.documentElement;
  var system = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

  function stored() {
    try {
      var theme = window.localStorage.getItem(KEY);
      return theme === 'light' || theme === 'dark' ? theme : null;
    } catch (e) {
      return null; // storage blocked: the system setting rules
    }
  }

  function apply(theme) {
    if (theme) root.setAttribute('data-theme', theme);
    else root.removeAttribute('data-theme');
  }

  function isDark() {
    var theme = root.getAttribute('data-theme');
    return theme ? theme === 'dark' : Boolean(system && system.matches);
  }

  // Show the toggles and let them say whether dark is on.
  function sync() {
    var toggles = document.querySelectorAll('[data-theme-toggle]');
    for (var i = 0; i < toggles.length; i++) {
      toggles[i].hidden = false;
      toggles[i].setAttribute('aria-pressed', isDark() ? 'true' : 'false');
    }
  }

  function toggle() {
    var next = isDark() ? 'light' : 'dark';
    apply(next);
    try {
      window.localStorage.setItem(KEY, next);
    } catch (e) {
      // Not kept, but this page still switches.
    }
    sync();
  }

  apply(stored());
  if (system && system.addEventListener) system.addEventListener('change', sync);
  // A choice made in another tab.
  window.addEventListener('storage', function (event) {
    if (event.key === KEY) {
      apply(stored());
      sync();
    }
  });
  document.addEventListener('DOMContentLoaded', function () {
    sync();
    document.addEventListener('click', function (event) {
      if (event.target.closest && event.target.closest('[data-theme-toggle]')) toggle();
    });
  });
})();
