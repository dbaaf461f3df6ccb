// The load placement balances against: replicas and preferred leaderships each
// node hosts in the current image.
import type { MetadataImage } from '../metadata/image.js';
import type { NodeLoad, PlacementNode } from './replica-placement.js';
import { liveStorageNodes } from '../metadata/views.js';

export function assignmentLoad(image: MetadataImage): Map<number, NodeLoad> {
  const load = new Map<number, NodeLoad>();
  const entry = (id: number): NodeLoad => {
    let l = load.get(id);
    if (!l) load.set(id, (l = { replicas: 0, leaders: 0 }));
    return l;
  };
  for (const topic of image.topicsByName.values()) {
    for (const p of topic.partitions) {
      p.replicas.forEach((id, i) => {
        const l = entry(id);
        l.replicas += 1;
        if (i === 0) l.leaders += 1;
      });
    }
  }
  return load;
}

export function placementNodes(image: MetadataImage): PlacementNode[] {
  return liveStorageNodes(image).map((n) => ({ id: n.id, rack: n.rack }));
}
