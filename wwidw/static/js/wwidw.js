// Progressive enhancement only: every page works without this file.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const question = button && button.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Filters apply as soon as one is ticked; without JavaScript the "Apply filters" button does it.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form.auto-submit");
  if (form && (event.target.type === "checkbox" || event.target.tagName === "SELECT")) {
    const page = form.querySelector("input[name=page]");
    if (page) page.remove();
    form.requestSubmit();
  }
});
