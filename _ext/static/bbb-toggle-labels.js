// Name each solution's toggle button after the solution ("Solution to Exercise 3.2"), for screen
// readers. sphinx-togglebutton 0.4.5 creates the buttons in the browser and gives every one the same
// label, "Toggle hidden content" (hard-coded in togglebutton.js, no option; see _ext/UPSTREAM.md).
// Loaded after togglebutton.js (and only on pages that load it); runs once the buttons exist.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".admonition-title > button.toggle-button")) {
    const title = button.parentElement.textContent.replace(/\s+/g, " ").trim();
    if (title) button.setAttribute("aria-label", title);
  }
});
