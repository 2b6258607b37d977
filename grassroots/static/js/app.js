// Small behaviours that need no inline script (the CSP forbids it).
document.addEventListener("click", (event) => {
  const el = event.target.closest("[data-confirm]");
  if (el && !window.confirm(el.dataset.confirm)) {
    event.preventDefault();
    event.stopPropagation();
  }
});
document.addEventListener("click", (event) => {
  const btn = event.target.closest("[data-copy]");
  if (btn && navigator.clipboard) {
    navigator.clipboard.writeText(btn.dataset.copy);
    btn.classList.add("btn-success");
  }
});
// Tree browser: a toggle loads children once (htmx), then just opens and closes them.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest(".org-node .toggle[data-loaded]");
  if (!toggle) return;
  const list = document.getElementById(toggle.getAttribute("aria-controls"));
  if (!list) return;
  const open = toggle.getAttribute("aria-expanded") === "true";
  toggle.setAttribute("aria-expanded", open ? "false" : "true");
  list.hidden = open;
  toggle.querySelector(".bi").className = open ? "bi bi-caret-right-fill" : "bi bi-caret-down-fill";
  event.preventDefault();
});
document.body.addEventListener("htmx:afterRequest", (event) => {
  const toggle = event.detail.elt;
  if (toggle && toggle.classList && toggle.classList.contains("toggle")) {
    toggle.dataset.loaded = "1";
    toggle.setAttribute("aria-expanded", "true");
    toggle.querySelector(".bi").className = "bi bi-caret-down-fill";
  }
});
