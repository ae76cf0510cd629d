// Small progressive enhancements; every page works without this file.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
}, true);

// Selects marked data-autosubmit submit their form when changed (the button stays for no-JS use).
document.addEventListener('change', (event) => {
  const el = event.target;
  if (el instanceof HTMLSelectElement && el.dataset.autosubmit !== undefined && el.form) el.form.requestSubmit();
});

// Disclosure menus (<details>: the client switcher, the Columns chooser, the staff menu on a phone): Escape closes the open
// one and puts focus back on its summary; a click or focus outside closes it too.
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  const open = event.target instanceof Element ? event.target.closest('details[open]') : null;
  if (!open) return;
  open.open = false;
  const summary = open.querySelector('summary');
  if (summary instanceof HTMLElement) summary.focus();
});
document.addEventListener('focusin', (event) => {
  for (const open of document.querySelectorAll('details.switcher[open], details.columns-chooser[open], details.menu-narrow[open]')) {
    if (event.target instanceof Node && !open.contains(event.target)) open.open = false;
  }
});

// htmx swaps: the region being replaced says it is busy while its request runs, and the new
// content's status line (a role="status" element such as the list count) is read out politely.
document.addEventListener('htmx:beforeRequest', (event) => {
  const target = event.detail && event.detail.target;
  if (target instanceof Element) target.setAttribute('aria-busy', 'true');
});
document.addEventListener('htmx:afterRequest', (event) => {
  const target = event.detail && event.detail.target;
  if (target instanceof Element) target.removeAttribute('aria-busy');
});
