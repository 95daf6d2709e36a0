// Vietnamese labels for bpmn-js, dmn-js, the properties panel and bpmnlint: a didi module overriding
// diagram-js's `translate`. A text without a translation stays in English, and so does every text when the page
// is English (the libraries speak English).
import { language } from './ui.js';
import { MESSAGES, PATTERNS } from './vi.js';

function translate(template, replacements = {}) {
  const text = language() === 'en' ? template : MESSAGES[template] ?? translatePattern(template) ?? template;
  return text.replace(/{([^}]+)}/g, (placeholder, key) => replacements[key] ?? placeholder);
}

/** Texts built at run time ("Process is missing end event"): the first matching pattern rewrites them. */
function translatePattern(template) {
  for (const [pattern, rewrite] of PATTERNS) {
    const match = pattern.exec(template);
    if (match) {
      return rewrite(...match.slice(1));
    }
  }
  return undefined;
}

export default { translate: ['value', translate] };
