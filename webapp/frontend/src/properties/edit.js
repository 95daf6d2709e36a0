// Model changes made by the planflow groups: each user action is one command (one undo step).
import { is } from 'bpmn-js/lib/util/ModelUtil';

const MULTI_COMMAND = 'properties-panel.multi-command-executor';

/** Collects moddle updates for `element` (the shape whose panel is open) and runs them as one command. */
export class Edit {
  constructor(injector, element) {
    this.element = element;
    this.bpmnFactory = injector.get('bpmnFactory');
    this.commandStack = injector.get('commandStack');
    this.commands = [];
  }

  set(moddleElement, properties) {
    this.commands.push({
      cmd: 'element.updateModdleProperties',
      context: { element: this.element, moddleElement, properties },
    });
    return this;
  }

  create(type, properties, parent) {
    const created = this.bpmnFactory.create(type, properties);
    created.$parent = parent;
    return created;
  }

  /** Appends `child` to `owner`'s extension elements, creating bpmn:extensionElements when missing. */
  addExtension(owner, child) {
    let container = owner.get('extensionElements');
    if (!container) {
      container = this.create('bpmn:ExtensionElements', { values: [] }, owner);
      this.set(owner, { extensionElements: container });
    }
    child.$parent = container;
    return this.set(container, { values: [...container.get('values'), child] });
  }

  removeExtension(owner, child) {
    const container = owner.get('extensionElements');
    return this.set(container, { values: container.get('values').filter((value) => value !== child) });
  }

  run() {
    if (this.commands.length) {
      this.commandStack.execute(MULTI_COMMAND, this.commands);
    }
  }
}

export function extensionOf(owner, type) {
  return (owner?.get('extensionElements')?.get('values') || []).find((value) => is(value, type));
}

/** The text of a body-only extension element (spiffworkflow:instructionsForEndUser, preScript, ...). */
export function extensionText(owner, type) {
  return extensionOf(owner, type)?.get('value') || '';
}

/** Sets the text of a body-only extension element; an empty text removes the element. */
export function setExtensionText(injector, element, owner, type, text) {
  const edit = new Edit(injector, element);
  const existing = extensionOf(owner, type);
  if (existing && text) {
    edit.set(existing, { value: text });
  } else if (existing) {
    edit.removeExtension(owner, existing);
  } else if (text) {
    edit.addExtension(owner, edit.create(type, { value: text }));
  }
  edit.run();
}

/** Sets `spiffworkflow:property name=...`; an empty value removes it (and an emptied container). */
export function setSpiffProperty(injector, element, name, value) {
  const owner = element.businessObject;
  const edit = new Edit(injector, element);
  let container = extensionOf(owner, 'spiffworkflow:Properties');
  const existing = (container?.get('properties') || []).find((property) => property.name === name);
  if (existing && value) {
    edit.set(existing, { value });
  } else if (existing) {
    const rest = container.get('properties').filter((property) => property !== existing);
    if (rest.length) {
      edit.set(container, { properties: rest });
    } else {
      edit.removeExtension(owner, container);
    }
  } else if (value) {
    if (!container) {
      container = edit.create('spiffworkflow:Properties', { properties: [] });
      edit.addExtension(owner, container);
    }
    const property = edit.create('spiffworkflow:Property', { name, value }, container);
    edit.set(container, { properties: [...container.get('properties'), property] });
  }
  edit.run();
}

/**
 * A list's add/remove button handler. The command re-renders the panel while the click is still bubbling, so the
 * list header (now with items) would take the same click as "toggle" and close the list again.
 */
export function ownClick(action) {
  return (event) => {
    event.stopPropagation();
    action();
  };
}
