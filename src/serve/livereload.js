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

  function showError(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "versus-error-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-modal", "false");
      overlay.setAttribute("aria-labelledby", "versus-error-title");
      overlay.setAttribute("aria-describedby", "versus-error-text");
      // Styles through the CSSOM: allowed under a strict CSP, unlike style attributes.
      Object.assign(overlay.style, {
        position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto",
        background: "rgba(20, 20, 24, 0.92)", color: "#f5f5f5", padding: "2rem",
        font: "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      });
      const title = document.createElement("h2");
      title.id = "versus-error-title";
      title.textContent = "Build failed — the last good version is still served underneath";
      Object.assign(title.style, { color: "#ff8a80", font: "bold 16px/1.4 system-ui, sans-serif", margin: "0 0 1rem" });
      const pre = document.createElement("pre");
      pre.id = "versus-error-text";
      pre.setAttribute("aria-live", "assertive");
      Object.assign(pre.style, { whiteSpace: "pre-wrap", margin: "0" });
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide";
      Object.assign(close.style, { position: "absolute", top: "1rem", right: "1rem" });
      close.addEventListener("click", () => hideError());
      overlay.append(title, pre, close);
      (document.body || document.documentElement).appendChild(overlay);
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
