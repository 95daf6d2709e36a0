// Messages: the variable a caught message lands in (or the payload a thrown one carries) and its correlation:
// a key (bpmn:correlationKey in a collaboration) over properties (bpmn:correlationProperty), each with a
// retrieval expression per message, which SpiffWorkflow reads to match a message to a waiting instance.
import { Group, ListGroup, TextFieldEntry, isTextFieldEntryEdited } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { is, isAny } from 'bpmn-js/lib/util/ModelUtil';

import { Edit, ownClick } from './edit.js';
import { ExtensionTextEntry } from './entries.jsx';
import { t } from '../i18n/ui.js';

const CATCHING = ['bpmn:ReceiveTask', 'bpmn:StartEvent', 'bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent'];
const ID_PATTERN = /^[A-Za-z_][\w.-]*$/;

/** The moddle element that carries the message: the message event definition, or the receive/send task. */
function messageOwner(element) {
  const bo = element.businessObject;
  if (isAny(bo, ['bpmn:ReceiveTask', 'bpmn:SendTask'])) {
    return bo;
  }
  return (bo.get('eventDefinitions') || []).find((definition) => is(definition, 'bpmn:MessageEventDefinition')) || null;
}

function definitionsOf(moddleElement) {
  let current = moddleElement;
  while (current && !is(current, 'bpmn:Definitions')) {
    current = current.$parent;
  }
  return current;
}

const rootsOf = (definitions, type) => definitions.get('rootElements').filter((root) => is(root, type));

const expressionFor = (property, message) => property.get('correlationPropertyRetrievalExpression')
  .find((expression) => expression.messageRef === message);

function correlationOf(element) {
  const message = messageOwner(element)?.messageRef;
  if (!message) {
    return null;
  }
  const definitions = definitionsOf(message);
  const properties = rootsOf(definitions, 'bpmn:CorrelationProperty')
    .filter((property) => expressionFor(property, message));
  const key = rootsOf(definitions, 'bpmn:Collaboration')
    .flatMap((collaboration) => collaboration.get('correlationKeys'))
    .find((candidate) => candidate.get('correlationPropertyRef').some((ref) => properties.includes(ref)));
  return { message, definitions, properties, key };
}

export function messageGroup(element) {
  const owner = messageOwner(element);
  if (!owner) {
    return null;
  }
  const catching = isAny(element, CATCHING);
  const variable = catching
    ? { type: 'spiffworkflow:MessageVariable', label: t('Biến chứa thông điệp') }
    : { type: 'spiffworkflow:MessagePayload', label: t('Nội dung thông điệp (biểu thức)') };
  return {
    id: 'planflow-message', label: t('Thông điệp (thực thi)'), component: Group, shouldOpen: true,
    entries: [
      { id: 'planflow-message-variable', component: ExtensionTextEntry, isEdited: isTextFieldEntryEdited,
        owner: messageOwner, ...variable },
      { id: 'planflow-correlation-key', component: CorrelationKeyEntry, isEdited: isTextFieldEntryEdited },
    ],
  };
}

function CorrelationKeyEntry({ element, id }) {
  const injector = useService('injector');
  const debounce = useService('debounceInput');
  const correlation = correlationOf(element);
  const hint = !correlation ? t('Chọn thông điệp trước (nhóm Thông điệp).')
    : !correlation.properties.length ? t('Thêm thuộc tính tương quan trước (nhóm Thuộc tính tương quan).') : null;
  return (
    <TextFieldEntry element={element} id={id} label={t('Khóa tương quan')} debounce={debounce}
      disabled={Boolean(hint)} description={hint}
      getValue={() => correlation?.key?.name || ''}
      setValue={(name) => hint || setKeyName(injector, element, correlation, name)} />
  );
}

function setKeyName(injector, element, { definitions, properties, key }, name) {
  const edit = new Edit(injector, element);
  if (key) {
    edit.set(key, { name });
  } else {
    let collaboration = rootsOf(definitions, 'bpmn:Collaboration')[0];
    if (!collaboration) {
      collaboration = edit.create('bpmn:Collaboration', { correlationKeys: [] }, definitions);
      edit.set(definitions, { rootElements: [...definitions.get('rootElements'), collaboration] });
    }
    const created = edit.create('bpmn:CorrelationKey', { name, correlationPropertyRef: properties }, collaboration);
    edit.set(collaboration, { correlationKeys: [...collaboration.get('correlationKeys'), created] });
  }
  edit.run();
}

/** The correlation properties of the element's message, each with its retrieval expression. */
export function correlationPropertiesGroup(element, injector) {
  const correlation = correlationOf(element);
  if (!correlation) {
    return null;
  }
  const items = correlation.properties.map((property) => ({
    id: `planflow-correlation-${property.id}`, label: property.id,
    entries: [
      { id: `planflow-correlation-${property.id}-id`, component: PropertyIdEntry, property,
        isEdited: isTextFieldEntryEdited },
      { id: `planflow-correlation-${property.id}-expression`, component: RetrievalExpressionEntry, property,
        message: correlation.message, isEdited: isTextFieldEntryEdited },
    ],
    remove: ownClick(() => removeProperty(injector, element, correlation, property)),
  }));
  return {
    id: 'planflow-correlation', label: t('Thuộc tính tương quan'), component: ListGroup, items,
    add: ownClick(() => addProperty(injector, element, correlation)),
  };
}

function PropertyIdEntry({ element, id, property }) {
  const injector = useService('injector');
  const debounce = useService('debounceInput');
  const moddle = useService('moddle');
  const validate = (value) => {
    if (!ID_PATTERN.test(value || '')) {
      return t('Mã chỉ gồm chữ không dấu, số, _ . - và không bắt đầu bằng số.');
    }
    return value !== property.id && moddle.ids.assigned(value) ? t('Mã này đã được dùng.') : null;
  };
  const setValue = (value, error) => error || new Edit(injector, element).set(property, { id: value }).run();
  return (
    <TextFieldEntry element={element} id={id} label={t('Mã thuộc tính')} debounce={debounce}
      getValue={() => property.id} setValue={setValue} validate={validate} />
  );
}

function RetrievalExpressionEntry({ element, id, property, message }) {
  const injector = useService('injector');
  const debounce = useService('debounceInput');
  const expression = expressionFor(property, message);
  const setValue = (body) => {
    const edit = new Edit(injector, element);
    const path = expression.get('messagePath');
    if (path) {
      edit.set(path, { body });
    } else {
      edit.set(expression, { messagePath: edit.create('bpmn:FormalExpression', { body }, expression) });
    }
    edit.run();
  };
  return (
    <TextFieldEntry element={element} id={id} label={t('Biểu thức lấy giá trị từ thông điệp')}
      debounce={debounce} getValue={() => expression.get('messagePath')?.body || ''} setValue={setValue} />
  );
}

function addProperty(injector, element, { message, definitions, key }) {
  const edit = new Edit(injector, element);
  const property = edit.create('bpmn:CorrelationProperty', { correlationPropertyRetrievalExpression: [] }, definitions);
  const expression = edit.create('bpmn:CorrelationPropertyRetrievalExpression', { messageRef: message }, property);
  expression.set('messagePath', edit.create('bpmn:FormalExpression', { body: '' }, expression));
  property.get('correlationPropertyRetrievalExpression').push(expression);
  edit.set(definitions, { rootElements: [...definitions.get('rootElements'), property] });
  if (key) {
    edit.set(key, { correlationPropertyRef: [...key.get('correlationPropertyRef'), property] });
  }
  edit.run();
}

function removeProperty(injector, element, { message, definitions }, property) {
  const edit = new Edit(injector, element);
  const others = property.get('correlationPropertyRetrievalExpression')
    .filter((expression) => expression.messageRef !== message);
  if (others.length) {
    // Other messages still use this property: only this message's expression goes.
    edit.set(property, { correlationPropertyRetrievalExpression: others });
  } else {
    edit.set(definitions, { rootElements: definitions.get('rootElements').filter((root) => root !== property) });
    for (const collaboration of rootsOf(definitions, 'bpmn:Collaboration')) {
      for (const key of collaboration.get('correlationKeys')) {
        const refs = key.get('correlationPropertyRef');
        if (refs.includes(property)) {
          edit.set(key, { correlationPropertyRef: refs.filter((ref) => ref !== property) });
        }
      }
    }
  }
  edit.run();
}
