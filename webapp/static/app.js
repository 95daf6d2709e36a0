// Small progressive enhancements; every page works without them.
// htmx requests carry the CSRF token of the page (Flask-WTF reads the X-CSRFToken header).
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token) event.detail.headers["X-CSRFToken"] = token.content;
});
