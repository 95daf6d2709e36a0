// The bundle behind the instance page (#instance-diagram): bpmn-js's NavigatedViewer only, a fraction of the
// designer's bundle, for officers who watch a process and edit nothing.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './viewer/styles.css';

import { startInstanceViewer } from './viewer/instance.js';

function start() {
  const diagram = document.getElementById('instance-diagram');
  if (diagram) {
    startInstanceViewer(diagram);
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
