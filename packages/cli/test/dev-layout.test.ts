import { describe, expect, it } from 'vitest';
import { checkLayout, DevClusterError, newLayout, resizeLayout, rolesOf } from '../src/dev/dev-layout.js';

describe('dev cluster layout', () => {
  it('plans a new cluster: node i on base + i - 1 of each series, all combined', () => {
    expect(newLayout(3, 9092, 9644)).toEqual({
      nodes: [
        { id: 1, grpcPort: 9092, internalPort: 9192, metricsPort: 9644, roles: 'combined' },
        { id: 2, grpcPort: 9093, internalPort: 9193, metricsPort: 9645, roles: 'combined' },
        { id: 3, grpcPort: 9094, internalPort: 9194, metricsPort: 9646, roles: 'combined' },
      ],
    });
  });

  it('keeps a layout of the same size as it is', () => {
    const three = newLayout(3, 9092, 9644);
    expect(resizeLayout(three, 3, '/d')).toEqual({ layout: three, added: [] });
  });

  it('grows by storage nodes with the next ids and the next port of each series', () => {
    const { layout, added } = resizeLayout(newLayout(3, 9092, 9644), 5, '/d');
    expect(added).toEqual([4, 5]);
    expect(layout.nodes.slice(3)).toEqual([
      { id: 4, grpcPort: 9095, internalPort: 9195, metricsPort: 9647, roles: 'storage' },
      { id: 5, grpcPort: 9096, internalPort: 9196, metricsPort: 9648, roles: 'storage' },
    ]);
    // The first three keep everything, the controller role included.
    expect(layout.nodes.slice(0, 3)).toEqual(newLayout(3, 9092, 9644).nodes);
    // Growing again continues after node 5.
    expect(resizeLayout(layout, 6, '/d').layout.nodes[5]).toEqual({ id: 6, grpcPort: 9097, internalPort: 9197, metricsPort: 9649, roles: 'storage' });
  });

  it('refuses to shrink, saying to decommission first', () => {
    const three = newLayout(3, 9092, 9644);
    expect(() => resizeLayout(three, 2, '/d')).toThrow(DevClusterError);
    expect(() => resizeLayout(three, 2, '/d')).toThrow(/holds a 3-node dev cluster; --nodes 2 would leave out node 3 .*decommission first \(eddy node decommission 3\).*--nodes 3/);
    expect(() => resizeLayout(three, 1, '/d')).toThrow(/leave out nodes 2, 3 and their replicas/);
  });

  it('refuses to grow onto a port the layout already uses', () => {
    // Metrics ports right above the client ports: node 4's client port would be node 1's metrics port.
    const tight = newLayout(3, 9000, 9003, 9100);
    expect(() => resizeLayout(tight, 4, '/d')).toThrow(/node 4 of \/d would listen on port 9003, which its layout already uses/);
  });

  it('reads layouts written before roles and the internal listener as combined nodes 100 ports above', () => {
    const old = checkLayout({ nodes: [{ id: 1, grpcPort: 9092, metricsPort: 9644 }] }, 'dev.json');
    expect(old.nodes[0]).toEqual({ id: 1, grpcPort: 9092, internalPort: 9192, metricsPort: 9644, roles: 'combined' });
    expect(rolesOf({ id: 1, grpcPort: 1, internalPort: 2, metricsPort: 3 })).toBe('combined');
  });

  it('refuses a damaged layout with what is wrong', () => {
    expect(() => checkLayout({}, 'dev.json')).toThrow(/dev.json is not a dev cluster layout \(no nodes\)/);
    expect(() => checkLayout({ nodes: [{ id: 1, grpcPort: 'x', metricsPort: 2 }] }, 'dev.json')).toThrow(/grpcPort is "x"/);
    expect(() => checkLayout({ nodes: [{ id: 1, grpcPort: 1, internalPort: 2, metricsPort: 3 }, { id: 1, grpcPort: 4, internalPort: 5, metricsPort: 6 }] }, 'dev.json')).toThrow(/node id 1/);
    expect(() => checkLayout({ nodes: [{ id: 1, grpcPort: 1, internalPort: 1, metricsPort: 3 }] }, 'dev.json')).toThrow(/port 1 is used twice/);
    expect(() => checkLayout({ nodes: [{ id: 1, grpcPort: 1, internalPort: 2, metricsPort: 3, roles: 'storage' }] }, 'dev.json')).toThrow(/no node runs the controller role/);
    expect(() => checkLayout({ nodes: [{ id: 1, grpcPort: 1, internalPort: 2, metricsPort: 3, roles: 'broker' }] }, 'dev.json')).toThrow(/roles is "broker"/);
  });
});
