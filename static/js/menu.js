// On a phone the main menu folds behind a button; without JavaScript it simply stays open.
// Its groups are <details>: one open at a time, closed by Escape or a click elsewhere.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".menu-toggle");
  if (!toggle) return;
  const nav = toggle.closest(".main-nav");
  nav.classList.add("foldable");
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!open));
    nav.classList.toggle("open", !open);
  });

  const groups = [...nav.querySelectorAll(".nav-group details")];
  const closeAll = (except) => groups.forEach((g) => { if (g !== except) g.open = false; });
  groups.forEach((group) => group.addEventListener("toggle", () => { if (group.open) closeAll(group); }));
  document.addEventListener("click", (event) => { if (!nav.contains(event.target)) closeAll(); });
  document.addEventListener("keydown", (event) => {
    const open = groups.find((g) => g.open);
    if (event.key === "Escape" && open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
});
