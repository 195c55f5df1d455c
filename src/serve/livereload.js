// versus serve: live reload. Injected only by the dev server, never in a build.
// Connects to the server that served this page (same origin, so it works behind
// a proxy, over IPv6 and under a CSP allowing only 'self'), reloads on change
// keeping the scroll position, swaps stylesheets on CSS-only changes, and shows
// build errors in an overlay over the last good page.
(() => {
  "use strict";
  const me = document.currentScript;
  let pageBuild = me ? new URL(me.src, location.href).searchParams.get("build") : null;
  const scrollKey = "versus-scroll:" + location.pathname;
  let overlay = null;
  let delay = 250;

  try {
    const saved = sessionStorage.getItem(scrollKey);
    if (saved) {
      sessionStorage.removeItem(scrollKey);
      const [x, y] = JSON.parse(saved);
      const restore = () => window.scrollTo(x, y);
      if (document.readyState === "complete") restore();
      else window.addEventListener("load", restore, { once: true });
    }
  } catch (_) {
    // sessionStorage may be disabled; reloading still works.
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    } catch (_) {}
    location.reload();
  }

  function swapStylesheets(build) {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("versus-reload", String(build));
      link.href = url.href;
    }
    pageBuild = String(build);
  }

  // The overlay's own colours, for the reader's light or dark setting: page
  // styles (a theme's `pre` background, its text colour) never reach it, since
  // every colour is set on each element. Each pair meets WCAG AA (4.5:1).
  const PALETTES = {
    light: {
      scheme: "light", background: "#fff5f5", text: "#1b1b1f", title: "#b3261e",
      code: "#ffffff", border: "#d7a7a4", button: "#ffffff",
    },
    dark: {
      scheme: "dark", background: "#1e1e24", text: "#f2f2f2", title: "#ff8a80",
      code: "#121216", border: "#5c5c66", button: "#2c2c34",
    },
  };
  const darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function paint() {
    if (!overlay) return;
    const p = darkQuery && darkQuery.matches ? PALETTES.dark : PALETTES.light;
    Object.assign(overlay.style, { colorScheme: p.scheme, background: p.background, color: p.text });
    overlay.querySelector("h2").style.color = p.title;
    Object.assign(overlay.querySelector("pre").style, {
      background: p.code, color: p.text, border: "1px solid " + p.border,
    });
    Object.assign(overlay.querySelector("button").style, {
      background: p.button, color: p.text, border: "1px solid " + p.border,
    });
  }
  if (darkQuery && darkQuery.addEventListener) darkQuery.addEventListener("change", paint);

  function showError(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "versus-error-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-modal", "false");
      overlay.setAttribute("aria-labelledby", "versus-error-title");
      overlay.setAttribute("aria-describedby", "versus-error-text");
      // Styles through the CSSOM: allowed under a strict CSP, unlike style
      // attributes. Everything a theme might set is set here.
      const reset = { margin: "0", opacity: "1", textShadow: "none", boxShadow: "none" };
      Object.assign(overlay.style, reset, {
        position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto",
        padding: "2rem", boxSizing: "border-box", textAlign: "left",
        font: "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      });
      const title = document.createElement("h2");
      title.id = "versus-error-title";
      title.textContent = "Build failed — the last good version is still served underneath";
      Object.assign(title.style, reset, {
        font: "bold 16px/1.4 system-ui, sans-serif", margin: "0 5rem 1rem 0", padding: "0", background: "none",
      });
      const pre = document.createElement("pre");
      pre.id = "versus-error-text";
      pre.setAttribute("aria-live", "assertive");
      Object.assign(pre.style, reset, {
        whiteSpace: "pre-wrap", overflowWrap: "anywhere", padding: "1rem", borderRadius: "6px",
        font: "inherit",
      });
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide";
      Object.assign(close.style, reset, {
        position: "absolute", top: "1rem", right: "1rem", padding: "0.25rem 0.75rem",
        borderRadius: "4px", font: "14px/1.4 system-ui, sans-serif", cursor: "pointer",
      });
      close.addEventListener("click", () => hideError());
      overlay.append(title, pre, close);
      (document.body || document.documentElement).appendChild(overlay);
      paint();
    }
    overlay.querySelector("pre").textContent = text;
  }

  function hideError() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function onNotice(notice) {
    switch (notice.type) {
      case "hello":
        if (notice.error) showError(notice.error);
        else if (overlay || String(notice.build) !== pageBuild) reload();
        break;
      case "reload":
        if (overlay || String(notice.build) !== pageBuild) reload();
        break;
      case "css":
        swapStylesheets(notice.build);
        break;
      case "error":
        showError(notice.text);
        break;
    }
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(scheme + "//" + location.host + "/__versus/ws");
    socket.addEventListener("open", () => { delay = 250; });
    socket.addEventListener("message", (event) => {
      try {
        onNotice(JSON.parse(event.data));
      } catch (_) {}
    });
    socket.addEventListener("close", () => {
      // The server restarted or the network dropped: retry, backing off to 5 s.
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    });
  }

  connect();
})();
