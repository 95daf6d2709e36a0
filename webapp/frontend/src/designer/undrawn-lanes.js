// bpmn-js recomputes the lanes of a created, moved or resized flow node from the lane shapes around it, so a lane
// that is not drawn loses every node that moves. Our workflows draw no lanes (they list tasks that sit inside
// collapsed sub-processes): moving a task would silently take away its role. Keep memberships of undrawn lanes,
// except for a node that is deleted.
import CommandInterceptor from 'diagram-js/lib/command/CommandInterceptor';
import { add } from 'diagram-js/lib/util/Collections';

class KeepUndrawnLanes extends CommandInterceptor {
  constructor(eventBus, elementRegistry) {
    super(eventBus);
    const drawn = (moddleElement) => Boolean(elementRegistry.get(moddleElement.id));

    // Runs inside the command, after bpmn-js applied its updates: undo and redo replay the amended updates.
    this.postExecuted('lane.updateRefs', ({ context }) => {
      for (const update of context.updates || []) {
        const kept = drawn(update.flowNode) ? update.remove.filter((lane) => !drawn(lane)) : [];
        for (const lane of kept) {
          add(update.flowNode.get('lanes'), lane);
          add(lane.get('flowNodeRef'), update.flowNode);
        }
        update.remove = update.remove.filter((lane) => !kept.includes(lane));
      }
    });
  }
}

KeepUndrawnLanes.$inject = ['eventBus', 'elementRegistry'];

export default {
  __init__: ['keepUndrawnLanes'],
  keepUndrawnLanes: ['type', KeepUndrawnLanes],
};
