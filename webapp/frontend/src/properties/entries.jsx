// Entry components shared by the planflow groups; each reads and writes the model through edit.js.
// Their labels are planflow's own, in i18n/ui.js, so they skip `translate`.
import { SelectEntry, TextAreaEntry, TextFieldEntry } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';

import { extensionText, setExtensionText, setSpiffProperty } from './edit.js';
import { spiffProperty } from '../lint/model.js';
import { t } from '../i18n/ui.js';

/** A text (or, with `rows`, a textarea) bound to a body-only spiffworkflow extension element of `owner`. */
export function ExtensionTextEntry({ element, id, owner, type, label, description, rows, monospace }) {
  const injector = useService('injector');
  const props = {
    element, id, label, description, debounce: useService('debounceInput'),
    getValue: () => extensionText(owner(element), type),
    setValue: (value) => setExtensionText(injector, element, owner(element), type, value),
  };
  if (rows) {
    return <TextAreaEntry {...props} rows={rows} monospace={monospace} autoResize />;
  }
  return <TextFieldEntry {...props} />;
}

/** A `spiffworkflow:property` of the element: a text, a textarea (`rows`) or a select (`options`). */
export function SpiffPropertyEntry({ element, id, name, label, description, rows, options, validate }) {
  const injector = useService('injector');
  const debounce = useService('debounceInput');
  const getValue = () => spiffProperty(element.businessObject, name) || '';
  const setValue = (value) => setSpiffProperty(injector, element, name, value);
  const common = { element, id, label, description, getValue, setValue };
  if (options) {
    return <SelectEntry {...common} getOptions={() => withCurrent(options(), getValue())} />;
  }
  if (rows) {
    return <TextAreaEntry {...common} debounce={debounce} rows={rows} validate={validate} monospace autoResize />;
  }
  return <TextFieldEntry {...common} debounce={debounce} validate={validate} />;
}

/**
 * Select options for `values` plus an empty choice; a current value missing from `values` (a file drawn
 * elsewhere, a renamed role) stays selectable so that opening the panel never changes the model.
 */
export function withCurrent(values, current) {
  const options = [{ value: '', label: t('(chưa chọn)') }, ...values.map((value) => ({ value, label: value }))];
  if (current && !values.includes(current)) {
    options.push({ value: current, label: t('{value} (không có trong danh sách)', { value: current }) });
  }
  return options;
}
