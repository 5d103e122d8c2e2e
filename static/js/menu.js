// On a phone the main menu folds behind a button; without JavaScript it simply stays open.
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
});
