// AdminService on a controller. Handlers only delegate; the Controller answers
// NOT_CONTROLLER (naming the active one) when it is not active.
import type { wire } from '@eddy/protocol';
import type { Controller } from '../service/controller.js';
import { unary } from '@eddy/protocol';

export function adminHandlers(controller: Controller): wire.AdminServiceHandlers {
  return {
    CreateTopic: unary((req: wire.CreateTopicRequest__Output) => controller.createTopic(req)),
    DeleteTopic: unary((req: wire.DeleteTopicRequest__Output) => controller.deleteTopic(req)),
    ListTopics: unary((req: wire.ListTopicsRequest__Output) => controller.listTopics(req)),
    DescribeTopic: unary((req: wire.DescribeTopicRequest__Output) => controller.describeTopic(req)),
    CreatePartitions: unary((req: wire.CreatePartitionsRequest__Output) => controller.createPartitions(req)),
    DescribeConfigs: unary((req: wire.DescribeConfigsRequest__Output) => controller.describeConfigs(req)),
    AlterConfigs: unary((req: wire.AlterConfigsRequest__Output) => controller.alterConfigs(req)),
    DescribeCluster: unary(() => controller.describeCluster()),
  };
}
