// RegisterNode: a process of a storage node announces itself. A new
// incarnation gets a new, larger epoch, which supersedes the old process:
// requests still carrying the old epoch are refused (StaleNodeEpochError).
// A retry from the same incarnation (its answer was lost) gets the same epoch.
import { InvalidRequestError } from '@eddy/protocol';
import type { MetadataImage, NodeRole } from '../metadata/image.js';
import { records } from '../metadata/records.js';
import { runCommand, type CommandResult } from './command-result.js';

export interface RegisterNodeInput {
  nodeId: number;
  incarnationId: string;
  address: string;
  /** The internal listener's host:port (Raft, ControllerService); '' means address serves both. */
  internalAddress?: string;
  rack: string;
  roles: readonly NodeRole[];
}

/** Longest address (host:port; DNS names stop at 253), rack and incarnation id a node may register. */
export const MAX_NODE_ADDRESS_LENGTH = 261;
export const MAX_RACK_LENGTH = 255;
export const MAX_INCARNATION_ID_LENGTH = 128;

export function registerNode(image: MetadataImage, input: RegisterNodeInput): CommandResult<{ epoch: number }> {
  return runCommand(() => {
    if (!Number.isInteger(input.nodeId) || input.nodeId < 0) throw new InvalidRequestError(`node id ${input.nodeId} is invalid; use a whole number >= 0`);
    if (input.incarnationId === '') throw new InvalidRequestError('incarnation_id is empty; send a random id chosen at process start');
    if (input.address === '') throw new InvalidRequestError(`node ${input.nodeId} has no address; set its advertised host:port`);
    // Every node's registration is in every metadata image and delta: unbounded
    // strings would grow them past what a restarting node can receive.
    checkAddress(input.nodeId, 'address', input.address);
    const internalAddress = input.internalAddress ?? '';
    if (internalAddress !== '') checkAddress(input.nodeId, 'internal address', internalAddress);
    if (input.rack.length > MAX_RACK_LENGTH) throw new InvalidRequestError(`node ${input.nodeId}'s rack is ${input.rack.length} characters; at most ${MAX_RACK_LENGTH}`);
    if (input.incarnationId.length > MAX_INCARNATION_ID_LENGTH) {
      throw new InvalidRequestError(`incarnation_id is ${input.incarnationId.length} characters; at most ${MAX_INCARNATION_ID_LENGTH}`);
    }
    const roles = input.roles.filter((r) => r !== 'NODE_ROLE_UNSPECIFIED');
    const old = image.nodes.get(input.nodeId);
    if (old && old.incarnationId === input.incarnationId && old.address === input.address && old.internalAddress === internalAddress && old.rack === input.rack && sameRoles(old.roles, roles)) {
      return { records: old.fenced ? [records.nodeUnfenced(old.id, old.epoch)] : [], value: { epoch: old.epoch } };
    }
    // Larger than any epoch this node had, and than any earlier log position,
    // so epochs also order registrations across node ids.
    const epoch = Math.max((old?.epoch ?? 0) + 1, image.version + 1);
    return {
      records: [records.nodeRegistered({ nodeId: input.nodeId, epoch, incarnationId: input.incarnationId, address: input.address, internalAddress, rack: input.rack, roles })],
      value: { epoch },
    };
  });
}

function checkAddress(nodeId: number, what: string, address: string): void {
  if (address.length > MAX_NODE_ADDRESS_LENGTH || !/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:.]+\]:\d{1,5}$/.test(address)) {
    throw new InvalidRequestError(`node ${nodeId}'s ${what} "${address.slice(0, 64)}" is not host:port of at most ${MAX_NODE_ADDRESS_LENGTH} characters`);
  }
}

function sameRoles(a: readonly NodeRole[], b: readonly NodeRole[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}
