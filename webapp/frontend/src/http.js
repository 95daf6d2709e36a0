// Requests to the designer and instance endpoints: same-origin, the session cookie and the page's CSRF token.
const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content || '';

export async function fetchText(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) {
    throw new Error(`Máy chủ trả lỗi ${response.status} khi tải ${url}`);
  }
  return response.text();
}

/** POSTs an XML body; resolves to {status, body} where body is the JSON answer (or null). */
export async function postXml(url, xml) {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/xml', 'X-CSRFToken': csrfToken(), Accept: 'application/json' },
    body: xml,
  });
  const body = await response.json().catch(() => null);
  return { status: response.status, body };
}

/** The Vietnamese message for a refused or failed request. */
export function failureMessage({ status, body }) {
  return body?.detail || `Máy chủ trả lỗi ${status}.`;
}
