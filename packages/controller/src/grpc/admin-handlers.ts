// AdminService. On a controller, handlers only delegate: with a forwarder,
// calls this controller cannot answer (it is not active) go to the active one
// (admin-forwarder.ts); without one, the Controller answers NOT_CONTROLLER
// naming the active controller. On a node with no controller, every call is
// forwarded.
import type { wire } from '@eddy/protocol';
import type { Controller } from '../service/controller.js';
import { unary } from '@eddy/protocol';
import { ADMIN_METHODS, type AdminForwarder, type AdminMethod } from './admin-forwarder.js';

export function adminHandlers(controller: Controller, forwarder?: AdminForwarder): wire.AdminServiceHandlers {
  const handle = <Req, Res>(method: AdminMethod, serve: (request: Req) => Promise<Res>) =>
    forwarder ? forwarder.handler(method, { serve, isActive: () => controller.isActive() }) : unary(serve);
  return {
    CreateTopic: handle('CreateTopic', (req: wire.CreateTopicRequest__Output) => controller.createTopic(req)),
    DeleteTopic: handle('DeleteTopic', (req: wire.DeleteTopicRequest__Output) => controller.deleteTopic(req)),
    ListTopics: handle('ListTopics', (req: wire.ListTopicsRequest__Output) => controller.listTopics(req)),
    DescribeTopic: handle('DescribeTopic', (req: wire.DescribeTopicRequest__Output) => controller.describeTopic(req)),
    CreatePartitions: handle('CreatePartitions', (req: wire.CreatePartitionsRequest__Output) => controller.createPartitions(req)),
    DescribeConfigs: handle('DescribeConfigs', (req: wire.DescribeConfigsRequest__Output) => controller.describeConfigs(req)),
    AlterConfigs: handle('AlterConfigs', (req: wire.AlterConfigsRequest__Output) => controller.alterConfigs(req)),
    DescribeCluster: handle('DescribeCluster', () => controller.describeCluster()),
  };
}

/** AdminService on a node that runs no controller (role storage): every call goes to the active controller. */
export function forwardingAdminHandlers(forwarder: AdminForwarder): wire.AdminServiceHandlers {
  return Object.fromEntries(ADMIN_METHODS.map((method) => [method, forwarder.handler(method)])) as wire.AdminServiceHandlers;
}
