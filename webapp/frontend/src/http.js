// Requests to the designer and instance endpoints: same-origin, the session cookie and the page's CSRF token.
import { t } from './i18n/ui.js';

const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content || '';

export async function fetchText(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) {
    throw new Error(t('Máy chủ trả lỗi {status} khi tải {url}', { status: response.status, url }));
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

/** The message for a refused request: the server's own (Vietnamese, the engine's record), or the status. */
export function failureMessage({ status, body }) {
  return body?.detail || t('Máy chủ trả lỗi {status}.', { status });
}
