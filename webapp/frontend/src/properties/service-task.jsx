// Service task: the host operation it calls (spiffworkflow:serviceTaskOperator), its result variable and parameters.
import {
  Group, ListGroup, SelectEntry, TextFieldEntry, isSelectEntryEdited, isTextFieldEntryEdited,
} from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { is } from 'bpmn-js/lib/util/ModelUtil';

import { Edit, extensionOf, ownClick } from './edit.js';
import { withCurrent } from './entries.jsx';
import { t } from '../i18n/ui.js';

const OPERATOR = 'spiffworkflow:ServiceTaskOperator';

const operatorOf = (element) => extensionOf(element.businessObject, OPERATOR);

function setOperator(injector, element, name) {
  const edit = new Edit(injector, element);
  const operator = operatorOf(element);
  if (operator && name) {
    edit.set(operator, { id: name });
  } else if (operator) {
    edit.removeExtension(element.businessObject, operator);
  } else if (name) {
    // The schema requires <spiffworkflow:parameters>, even when empty.
    const created = edit.create(OPERATOR, { id: name });
    created.set('parameters', edit.create('spiffworkflow:Parameters', { parameters: [] }, created));
    edit.addExtension(element.businessObject, created);
  }
  edit.run();
}

function OperatorEntry({ element, id }) {
  const injector = useService('injector');
  const { operations } = useService('config.planflow');
  const current = operatorOf(element)?.id || '';
  return (
    <SelectEntry element={element} id={id} label={t('Thao tác của hệ thống')}
      getValue={() => current} setValue={(name) => setOperator(injector, element, name)}
      getOptions={() => withCurrent(operations, current)} />
  );
}

/** An empty text removes the attribute. */
function setAttribute(injector, element, moddleElement, attribute, value) {
  new Edit(injector, element).set(moddleElement, { [attribute]: value || undefined }).run();
}

const without = (list, item) => list.filter((other) => other !== item);

/** A text attribute of a moddle element that belongs to the open shape. */
function AttributeEntry({ element, id, target, attribute, label, disabledWithout }) {
  const injector = useService('injector');
  const debounce = useService('debounceInput');
  const moddleElement = target(element);
  return (
    <TextFieldEntry element={element} id={id} label={label} debounce={debounce}
      disabled={!moddleElement && disabledWithout}
      getValue={() => moddleElement?.get(attribute) || ''}
      setValue={(value) => moddleElement && setAttribute(injector, element, moddleElement, attribute, value)} />
  );
}

export function serviceTaskGroup(element) {
  if (!is(element, 'bpmn:ServiceTask')) {
    return null;
  }
  return {
    id: 'planflow-service', label: t('Thao tác dịch vụ'), component: Group, shouldOpen: true,
    entries: [
      { id: 'planflow-operator', component: OperatorEntry, isEdited: isSelectEntryEdited },
      { id: 'planflow-result-variable', component: AttributeEntry, isEdited: isTextFieldEntryEdited,
        target: operatorOf, attribute: 'resultVariable', label: t('Biến nhận kết quả'), disabledWithout: true },
    ],
  };
}

/** The operator's parameters: name, type and a Python expression for the value. */
export function serviceParametersGroup(element, injector) {
  const operator = is(element, 'bpmn:ServiceTask') && operatorOf(element);
  if (!operator) {
    return null;
  }
  const parameters = operator.get('parameters')?.get('parameters') || [];
  const field = (prefix, parameter, attribute, label) => ({
    id: `${prefix}-${attribute}`, component: AttributeEntry, isEdited: isTextFieldEntryEdited,
    target: () => parameter, attribute, label,
  });
  const items = parameters.map((parameter, index) => {
    const prefix = `planflow-parameter-${index}`;
    return {
      id: prefix, label: parameter.id || '',
      entries: [
        field(prefix, parameter, 'id', t('Tên tham số')),
        field(prefix, parameter, 'type', t('Kiểu (str, int, ...)')),
        field(prefix, parameter, 'value', t('Giá trị (biểu thức)')),
      ],
      autoFocusEntry: `${prefix}-id`,
      remove: ownClick(() => setParameters(injector, element, operator, without(parameters, parameter))),
    };
  });
  const add = ownClick(() => {
    const edit = new Edit(injector, element);
    const parameter = edit.create('spiffworkflow:Parameter', { id: `tham_so_${parameters.length + 1}`, type: 'str' });
    setParameters(injector, element, operator, [...parameters, parameter], edit);
  });
  return { id: 'planflow-parameters', label: t('Tham số thao tác'), component: ListGroup, items, add };
}

function setParameters(injector, element, operator, parameters, edit = new Edit(injector, element)) {
  let container = operator.get('parameters');
  if (!container) {
    container = edit.create('spiffworkflow:Parameters', { parameters: [] }, operator);
    edit.set(operator, { parameters: container });
  }
  parameters.forEach((parameter) => { parameter.$parent = container; });
  edit.set(container, { parameters }).run();
}
