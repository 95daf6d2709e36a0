// Typed work is never lost, and what cannot be undone asks first. Every page works without this file.
//
// 1. Leaving a page while a form on it has changes nobody saved asks first (beforeunload); submitting or saving
//    that form does not.
// 2. A button or form with data-confirm="…" asks (window.confirm) before it acts. Where the form also carries the
//    box the server requires (input[data-confirm-box], webapp/confirm.py), the box is hidden and answering yes
//    ticks it: one confirmation, with or without JavaScript.
// 3. htmx gets a refused comment or file back as the discussion with a 409/413/422 status: it is shown in place.
//    Any other failure is said beside the button, and what was typed stays.
(() => {
  'use strict';

  const WORDS = {
    vi: {
      failed: 'Không gửi được (máy chủ trả lỗi {status}). Nội dung bạn nhập vẫn còn trên trang; hãy thử lại.',
      offline: 'Không kết nối được máy chủ. Nội dung bạn nhập vẫn còn trên trang; hãy thử lại.',
    },
    en: {
      failed: 'Could not send (the server answered {status}). What you typed is still on the page; try again.',
      offline: 'Could not reach the server. What you typed is still on the page; try again.',
    },
  };
  const words = WORDS[document.documentElement.lang] || WORDS.vi;

  // 1. Unsaved changes: a form's fields compared with what they held when the form appeared.
  const baselines = new WeakMap();
  let leaving = null; // the form whose own submission is taking the page away

  const guarded = () => Array.from(document.forms).filter((form) => form.method === 'post');
  const snapshot = (form) => JSON.stringify(Array.from(new FormData(form), ([name, value]) => (
    [name, typeof value === 'string' ? value : `${value.name}:${value.size}`])));
  // A refused comment comes back in its box (data-unsaved): still unsaved, though the box was just drawn.
  const changed = (form) => snapshot(form) !== baselines.get(form)
    || Array.from(form.elements).some((field) => 'unsaved' in field.dataset && field.value);

  function remember() {
    guarded().forEach((form) => {
      if (!baselines.has(form)) baselines.set(form, snapshot(form));
    });
  }

  // A task page's comment and file belong to the task's form but are posted by their own buttons (htmx), never by
  // the task's: submitting the task with one of them filled in would drop it.
  const droppedBy = (form) => Array.from(form.elements).some((field) => (
    'postedApart' in field.dataset && (field.files ? field.files.length > 0 : field.value)));

  window.addEventListener('beforeunload', (event) => {
    const unsaved = guarded().some((form) => form !== leaving && baselines.has(form) && changed(form));
    if (unsaved || (leaving && droppedBy(leaving))) {
      event.preventDefault();
      event.returnValue = ''; // older browsers ask only when this is set
      leaving = null; // if the user stays, that form is guarded again
    }
  });
  // Runs after every other submit handler: a submission htmx or a confirmation stopped leaves nothing.
  window.addEventListener('submit', (event) => {
    if (!event.defaultPrevented) leaving = event.target;
  });
  window.addEventListener('pageshow', () => { leaving = null; });

  // 2. Confirmation: the browser's own dialog, which every phone and screen reader knows. It answers at once, so the
  // box can be ticked before the form's data is gathered (that happens after the submit event).
  const confirmBox = (form) => form && Array.from(form.elements).find((field) => field.matches('[data-confirm-box]'));

  function ask(event, text, form) {
    if (window.confirm(text)) {
      const box = confirmBox(form);
      if (box) box.checked = true;
    } else {
      event.preventDefault();
      event.stopImmediatePropagation(); // neither htmx nor the page's own handler acts
    }
  }

  document.addEventListener('submit', (event) => {
    const form = event.target;
    const text = event.submitter?.dataset.confirm || form.dataset.confirm;
    if (text) ask(event, text, form);
  }, true);

  // A button that acts by script (type="button", e.g. the designer's deploy) asks before its own handler runs.
  document.addEventListener('click', (event) => {
    const trigger = event.target.closest?.('button[data-confirm]');
    if (trigger && trigger.type === 'button') ask(event, trigger.dataset.confirm, trigger.form);
  }, true);

  // The question replaces the box wherever something on its form asks.
  function hideConfirmBoxes(root) {
    root.querySelectorAll('input[data-confirm-box]').forEach((box) => {
      const form = box.form;
      if (!form || !(form.dataset.confirm || form.querySelector('[data-confirm]'))) return;
      box.required = false;
      const shown = box.closest('label') || box;
      shown.hidden = true;
      shown.style.display = 'none'; // the stylesheet's `label { display: block }` outranks [hidden]
    });
  }

  // 3. htmx answers.
  document.addEventListener('htmx:beforeSwap', (event) => {
    if ([409, 413, 422].includes(event.detail.xhr.status)) {
      event.detail.shouldSwap = true; // the answer is the discussion with the reason beside its form
      event.detail.isError = false;
    }
  });

  function sayFailed(element, message) {
    element.parentElement?.querySelector(':scope > .request-failed')?.remove();
    const note = document.createElement('p');
    note.className = 'flash error request-failed';
    note.setAttribute('role', 'alert');
    note.textContent = message;
    element.insertAdjacentElement('afterend', note);
  }
  document.addEventListener('htmx:responseError', (event) => {
    sayFailed(event.detail.elt, words.failed.replace('{status}', event.detail.xhr.status));
  });
  document.addEventListener('htmx:sendError', (event) => sayFailed(event.detail.elt, words.offline));

  function enhance(root) {
    remember();
    hideConfirmBoxes(root);
  }
  document.addEventListener('htmx:load', (event) => enhance(event.target));
  enhance(document);
})();
