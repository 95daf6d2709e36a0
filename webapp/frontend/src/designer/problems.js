// The server's validation problems: one <li> per problem; a problem naming a drawn element selects it on click.
// The problems' text is the engine's (Vietnamese): it is marked so.
import { t } from '../i18n/ui.js';

export function showProblems(list, editor, problems) {
  editor.markProblems(problems.map((problem) => problem.element_id).filter(Boolean));
  list.replaceChildren(...problems.map((problem) => problemItem(editor, problem)));
}

export function clearProblems(list, editor) {
  editor?.clearProblems();
  list.replaceChildren();
}

function problemItem(editor, { element_id: elementId, message }) {
  const item = document.createElement('li');
  const text = document.createElement('span');
  text.textContent = message;
  text.lang = 'vi';
  if (!elementId) {
    item.append(text);
    return item;
  }
  const drawn = editor.has(elementId);
  // The id is a button for keyboard users; a click anywhere on the item selects the element.
  const id = document.createElement(drawn ? 'button' : 'code');
  id.textContent = elementId;
  if (drawn) {
    id.type = 'button';
    id.title = t('Chọn phần tử này trên sơ đồ');
    item.addEventListener('click', () => editor.showElement(elementId));
  }
  item.dataset.elementId = elementId;
  item.append(id, ' ', text);
  return item;
}
