// AdminService. On a controller, handlers only delegate: with a forwarder,
// calls this controller cannot answer (it is not active) go to the active one
// (admin-forwarder.ts); without one, the Controller answers NOT_CONTROLLER
// naming the active controller. On a node with no controller, every call is
// forwarded.
//
// Changes are audited by the Controller under the caller's principal, as the
// server's authentication set it on the call (principalOfCall; ANONYMOUS when
// nothing authenticated it).
import type { ServerUnaryCall } from '@grpc/grpc-js';
import { principalOfCall, unary, type wire } from '@eddy/protocol';
import type { AdminCaller, Controller } from '../service/controller.js';
import { ADMIN_METHODS, type AdminForwarder, type AdminMethod } from './admin-forwarder.js';

export function adminHandlers(controller: Controller, forwarder?: AdminForwarder): wire.AdminServiceHandlers {
  const handle = <Req, Res>(method: AdminMethod, serve: (request: Req, caller: AdminCaller) => Promise<Res>) => {
    const local = (request: Req, call: ServerUnaryCall<Req, Res>) => serve(request, { principal: principalOfCall(call) });
    return forwarder ? forwarder.handler<Req, Res>(method, { serve: local, isActive: () => controller.isActive() }) : unary(local);
  };
  return {
    CreateTopic: handle('CreateTopic', (req: wire.CreateTopicRequest__Output, caller) => controller.createTopic(req, caller)),
    DeleteTopic: handle('DeleteTopic', (req: wire.DeleteTopicRequest__Output, caller) => controller.deleteTopic(req, caller)),
    ListTopics: handle('ListTopics', (req: wire.ListTopicsRequest__Output) => controller.listTopics(req)),
    DescribeTopic: handle('DescribeTopic', (req: wire.DescribeTopicRequest__Output) => controller.describeTopic(req)),
    CreatePartitions: handle('CreatePartitions', (req: wire.CreatePartitionsRequest__Output, caller) => controller.createPartitions(req, caller)),
    DescribeConfigs: handle('DescribeConfigs', (req: wire.DescribeConfigsRequest__Output) => controller.describeConfigs(req)),
    AlterConfigs: handle('AlterConfigs', (req: wire.AlterConfigsRequest__Output, caller) => controller.alterConfigs(req, caller)),
    DescribeCluster: handle('DescribeCluster', () => controller.describeCluster()),
    CreateUser: handle('CreateUser', (req: wire.CreateUserRequest__Output, caller) => controller.createUser(req, caller)),
    DeleteUser: handle('DeleteUser', (req: wire.DeleteUserRequest__Output, caller) => controller.deleteUser(req, caller)),
    ListUsers: handle('ListUsers', () => controller.listUsers()),
    CreateAcls: handle('CreateAcls', (req: wire.CreateAclsRequest__Output, caller) => controller.createAcls(req, caller)),
    DeleteAcls: handle('DeleteAcls', (req: wire.DeleteAclsRequest__Output, caller) => controller.deleteAcls(req, caller)),
    ListAcls: handle('ListAcls', (req: wire.ListAclsRequest__Output) => controller.listAcls(req)),
    SetQuota: handle('SetQuota', (req: wire.SetQuotaRequest__Output, caller) => controller.setQuota(req, caller)),
    DeleteQuota: handle('DeleteQuota', (req: wire.DeleteQuotaRequest__Output, caller) => controller.deleteQuota(req, caller)),
    ListQuotas: handle('ListQuotas', () => controller.listQuotas()),
    AlterPartitionReassignments: handle('AlterPartitionReassignments', (req: wire.AlterPartitionReassignmentsRequest__Output, caller) => controller.alterPartitionReassignments(req, caller)),
    ListPartitionReassignments: handle('ListPartitionReassignments', (req: wire.ListPartitionReassignmentsRequest__Output) => controller.listPartitionReassignments(req)),
    Rebalance: handle('Rebalance', (req: wire.RebalanceRequest__Output, caller) => controller.rebalance(req, caller)),
    DecommissionNode: handle('DecommissionNode', (req: wire.DecommissionNodeRequest__Output, caller) => controller.decommissionNode(req, caller)),
    RecommissionNode: handle('RecommissionNode', (req: wire.RecommissionNodeRequest__Output, caller) => controller.recommissionNode(req, caller)),
    ListNodes: handle('ListNodes', () => controller.listNodes()),
    AddControllerVoter: handle('AddControllerVoter', (req: wire.AddControllerVoterRequest__Output, caller) => controller.addControllerVoter(req, caller)),
    RemoveControllerVoter: handle('RemoveControllerVoter', (req: wire.RemoveControllerVoterRequest__Output, caller) => controller.removeControllerVoter(req, caller)),
  };
}

/** AdminService on a node that runs no controller (role storage): every call goes to the active controller. */
export function forwardingAdminHandlers(forwarder: AdminForwarder): wire.AdminServiceHandlers {
  return Object.fromEntries(ADMIN_METHODS.map((method) => [method, forwarder.handler(method)])) as wire.AdminServiceHandlers;
}
