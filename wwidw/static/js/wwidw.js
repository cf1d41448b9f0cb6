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

// "Show only if" questions: hide a question while the answer it depends on does not apply.
// The server applies the same rule, so this is only a convenience.
for (const form of document.querySelectorAll("form[data-conditions]")) {
  const conditions = JSON.parse(form.dataset.conditions);
  const answers = (name) => {
    const inputs = [...form.querySelectorAll(`[name="${name}"]`)];
    return inputs
      .filter((input) => (input.type === "radio" || input.type === "checkbox") ? input.checked : true)
      .map((input) => input.value)
      .filter((value) => value !== "");
  };
  const update = () => {
    for (const [name, rule] of Object.entries(conditions)) {
      const shown = answers(rule.field).some((value) => rule.values.includes(value));
      const input = form.querySelector(`[name="${name}"]`);
      const wrapper = input && input.closest("fieldset, .mb-3");
      if (wrapper) wrapper.hidden = !shown;
    }
  };
  form.addEventListener("change", update);
  update();
}

// The catalogue's filters are open beside the results on wide screens, folded on phones.
const filters = document.getElementById("filters");
if (filters && window.matchMedia("(min-width: 992px)").matches) {
  filters.open = true;
}

// Printing shows every folded section, whether started by the print button or the browser menu.
window.addEventListener("beforeprint", () => {
  for (const details of document.querySelectorAll("details.domain")) details.open = true;
});
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
