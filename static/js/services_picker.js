// Person picker (services/picker.py). Without JavaScript its buttons submit the form as a search
// step; here a result fills the hidden input instead, and the arrow keys move through results.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".person-picker [data-picker-find]").forEach((button) => button.remove());
});

document.addEventListener("click", (event) => {
  const button = event.target.closest(".person-picker [data-pick]");
  if (!button) return;
  event.preventDefault();
  const picker = button.closest(".person-picker");
  picker.querySelector("input[type=hidden]").value = button.value;
  picker.querySelector("[data-chosen]").textContent = button.dataset.pick;
  picker.querySelector(".picker-results").replaceChildren();
  picker.querySelector("input[type=search]").focus();
});

document.addEventListener("keydown", (event) => {
  const picker = event.target.closest(".person-picker");
  if (!picker) return;
  const search = picker.querySelector("input[type=search]");
  const results = [...picker.querySelectorAll("[data-pick]")];
  const at = results.indexOf(event.target);
  if (event.key === "Enter" && event.target === search) {
    event.preventDefault(); // choosing someone, not submitting the whole form
    (results[0] || search).focus();
  } else if (event.key === "ArrowDown" && results.length) {
    event.preventDefault();
    results[Math.min(at + 1, results.length - 1)].focus();
  } else if (event.key === "ArrowUp" && at >= 0) {
    event.preventDefault();
    (at === 0 ? search : results[at - 1]).focus();
  } else if (event.key === "Escape" && at >= 0) {
    search.focus();
  }
});
