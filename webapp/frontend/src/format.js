import { language } from './i18n/ui.js';

/** "14:05 ngày 03/06/2024" (English: "14:05 03/06/2024") from an ISO time, as written (the server's clock is the
 * reference, not the browser's). */
export function formatTime(iso) {
  const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(iso || '');
  if (!match) {
    return iso || '—';
  }
  const day = `${match[3]}/${match[2]}/${match[1]}`;
  return `${match[4]}:${match[5]} ${language() === 'en' ? day : `ngày ${day}`}`;
}
